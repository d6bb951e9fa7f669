"""The site view's answers about votes, recordings and corrections (mixed into SiteView).

Like the rest of the site view, each answer records what it read: a member's voting record depends on the
decisions it lists, an item's recording link on the item and its meeting, the corrections list on every
corrected document. The global facts behind them are computed once per build by module-level functions
(graph/votes.py, graph/corrections.py), which the build cache can run again in a later process.
"""

from __future__ import annotations

from boardpapers.graph import corrections as corr
from boardpapers.graph import recordings as rec
from boardpapers.graph import votes


class RecordsView:
    """Needs `_once`, `used`, `item` and `meeting` of SiteView."""

    def votes_of(self, person_id: str) -> tuple:
        """How the person voted, decision by decision (graph.votes.CastVote), in meeting order."""
        cast = self._once("votes_by_person", votes.votes_by_person).get(person_id, ())
        for entry in cast:
            self.used(entry.decision_id)
            self.used(entry.meeting_id)
        return cast

    @staticmethod
    def vote_tally(vote) -> str:
        return votes.tally(vote)

    @staticmethod
    def vote_unanimous(vote) -> bool:
        return votes.unanimous(vote)

    def corrections(self) -> tuple:
        """Every correction, newest first (graph.corrections.CorrectionRow)."""
        found = self._once("corrections", corr.all_corrections)
        for row in found:
            self.used(row.ident)
            self.used(row.meeting_id)
        return found

    @staticmethod
    def latest_correction(corrections: tuple):
        return corr.latest(corrections)

    def recording_link(self, item_id: str):
        """Where the item is in its meeting's recording (graph.recordings.RecordingLink), or None."""
        item = self.item(item_id)
        meeting = self.meeting(item.meeting_id) if item else None
        return rec.item_link(meeting, item) if meeting else None

    def recording_links(self, meeting_id: str) -> list:
        """(item, link) for each item of the meeting placed in one of its recordings, in agenda order."""
        meeting = self.meeting(meeting_id)
        out = []
        for item in self.items_of(meeting_id):
            link = rec.item_link(meeting, item)
            if link is not None:
                out.append((item, link))
        return out

    @staticmethod
    def recording_provider(recording) -> str:
        return rec.provider(recording)

    @staticmethod
    def clock(seconds: int) -> str:
        return rec.clock(seconds)

    @staticmethod
    def length(seconds: int) -> str:
        return rec.length(seconds)
