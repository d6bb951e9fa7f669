"""Realistic-looking English report text for board papers, from templates and a seeded `random.Random`.

The point is not meaning but shape: sentence and paragraph lengths, numbered paragraphs, lists, tables and
vocabulary close to real officers' reports, so that markdown rendering and search indexing do real work.
"""

import random

_TOPIC_LINES = """
peer-challenge|Peer challenge|corporate peer challenges;the peer challenge offer;peer reviews of councils
sector-led-improvement|Sector-led improvement|sector-led improvement;the improvement offer;self-assessment
productivity|Productivity|the productivity programme;shared services;efficiency savings
adult-social-care|Adult social care|adult social care;the care market;home care provision;deferred payments
public-health|Public health|public health grant;health protection;smoking cessation services
health-integration|Health integration|the Better Care Fund;integrated care systems;hospital discharge
childrens-services|Children's services|children's social care;placement sufficiency;early help services
schools|Schools|school places;special educational needs;school improvement
youth-services|Youth services|youth services;the youth offer;positive activities for young people
housing|Housing|affordable housing;housing supply;homelessness prevention;temporary accommodation
transport|Transport|local bus services;highways maintenance;concessionary fares;road safety
climate-change|Climate change|carbon reduction;the net zero plan;flood resilience;retrofit of homes
community-safety|Community safety|community safety partnerships;anti-social behaviour;domestic abuse services
licensing|Licensing|taxi licensing;licensing fees;the late night levy
fire-and-rescue|Fire and rescue|fire and rescue services;fire prevention;the national fire framework
culture|Culture|public libraries;museums and galleries;cultural investment
tourism|Tourism|the visitor economy;tourism recovery;destination management
sport|Sport|leisure centres;physical activity;community sport facilities
finance|Finance|the local government finance settlement;council tax;reserves;the medium term financial plan
workforce|Workforce|the local government workforce;pay negotiations;recruitment and retention
business-rates|Business rates|business rates retention;the rates revaluation;appeals provision
devolution|Devolution|devolution deals;combined authorities;the devolution framework
rural-affairs|Rural affairs|rural services;rural broadband;market towns
regeneration|Regeneration|town centre regeneration;the levelling up fund;high street renewal
pensions|Pensions|the firefighters' pension scheme;pension remedy;scheme governance
audit|Audit|external audit;the audit backlog;value for money arrangements
risk-management|Risk management|the corporate risk register;risk appetite;business continuity
planning|Planning|the planning system;local plans;planning fees;developer contributions
infrastructure|Infrastructure|infrastructure funding;utility works;the infrastructure levy
digital|Digital|digital services;digital inclusion;the digital connectivity programme
cyber-security|Cyber security|cyber resilience;incident response;the cyber support programme
data|Data|open data;data sharing agreements;performance information
equalities|Equalities|the equality framework;equality impact assessments;accessibility
community-cohesion|Community cohesion|community cohesion;integration of new arrivals;tackling hate crime
european-funding|European funding|European structural funds;the shared prosperity fund;match funding
trade|Trade|inward investment;export support;trade missions
migration|Migration|resettlement schemes;unaccompanied asylum-seeking children;migrant integration
growth|Growth|local growth funding;enterprise zones;business support
waste|Waste|household waste collection;recycling rates;fly-tipping
coastal-erosion|Coastal erosion|coastal protection;shoreline management plans;coastal adaptation
skills|Skills|adult skills funding;further education colleges;skills devolution
apprenticeships|Apprenticeships|the apprenticeship levy;apprenticeship starts;council apprenticeships
employment|Employment|employment support;youth unemployment;the work and health programme
mental-health|Mental health|mental health services;suicide prevention;children's mental health
procurement|Procurement|procurement reform;social value;contract management
"""

TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {}
for _line in _TOPIC_LINES.strip().splitlines():
    _tid, _label, _phrases = _line.split("|")
    TOPICS[_tid] = (_label, tuple(_phrases.split(";")))
TOPIC_IDS = tuple(TOPICS)

SUBJECTS = (
    "The Board", "The Government", "The sector", "The task and finish group", "The Chair", "The Minister",
    "The Department", "The working group", "The evaluation", "The review",
)
PLURAL_SUBJECTS = ("Officers", "Member authorities", "Councils", "Our partners", "Lead members",
                   "Local authorities")
VERBS = (
    "has agreed to review", "will continue to monitor", "is invited to note", "has been working closely on",
    "commissioned research into", "raised concerns about", "welcomed the progress on",
    "has published guidance on", "is consulting on", "set out proposals for", "is expected to report on",
    "has made representations about", "will bring forward options for", "identified pressures in",
    "agreed a new approach to", "has lobbied for additional funding for",
)
TAILS = (
    "over the next twelve months", "in line with the agreed work programme",
    "subject to the availability of resources", "as set out in the appendix", "ahead of the spending review",
    "in partnership with the relevant government departments", "within existing budgets",
    "following the consultation period", "at its next meeting", "with a view to a decision in the autumn",
    "across all types of authority", "so that councils can plan with confidence",
)
CONNECTIVES = (
    "However,", "In addition,", "As a result,", "Furthermore,", "At the same time,", "In practice,",
)
HEADINGS = (
    "Background", "Issues", "Proposal", "Options", "Discussion", "Evidence", "Progress to date",
    "Implications", "Risks", "Next steps", "Consultation", "Conclusion",
)
MEASURES = (
    "Councils taking part", "Satisfaction (per cent)", "Spend (£ million)", "Cases handled",
    "Average days to complete", "Staff in post", "Grant allocated (£ million)", "Complaints received",
)


def municipal_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


class Text:
    """Sentence, paragraph and report generators bound to one rng."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def phrase(self, topics) -> str:
        return self.rng.choice(TOPICS[self.rng.choice(topics)][1])

    def sentence(self, topics, year: int) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.35:
            s = f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {self.phrase(topics)} {r.choice(TAILS)}."
        elif kind < 0.55:
            verb = r.choice(VERBS).replace("has ", "have ").replace("is ", "are ")
            s = f"{r.choice(PLURAL_SUBJECTS)} {verb} {self.phrase(topics)} {r.choice(TAILS)}."
        elif kind < 0.7:
            a, b = r.randint(12, 88), r.randint(12, 88)
            s = (f"In {municipal_label(year - 1)}, {a} per cent of councils reported pressures in "
                 f"{self.phrase(topics)}, compared with {b} per cent in the previous year.")
        elif kind < 0.8:
            s = (f"The estimated cost of {self.phrase(topics)} is £{r.randint(2, 900)}.{r.randint(0, 9)} "
                 f"million in {year}, of which £{r.randint(1, 90)} million is funded nationally.")
        elif kind < 0.9:
            s = (f"Feedback from {r.randint(3, 60)} authorities shows that {self.phrase(topics)} and "
                 f"{self.phrase(topics)} remain the main priorities for members.")
        else:
            s = (f"{r.choice(SUBJECTS + PLURAL_SUBJECTS)} noted the link between {self.phrase(topics)} and "
                 f"{self.phrase(topics)}, "
                 f"and asked officers to report back {r.choice(TAILS)}.")
        if r.random() < 0.15:
            s = f"{r.choice(CONNECTIVES)} {s[0].lower()}{s[1:]}"
        return s

    def paragraph(self, topics, year: int, lo: int = 3, hi: int = 5) -> str:
        return " ".join(self.sentence(topics, year) for _ in range(self.rng.randint(lo, hi)))

    def bullets(self, topics) -> str:
        items = [self.phrase(topics) for _ in range(self.rng.randint(3, 5))]
        return "\n".join(f"- {p[0].upper()}{p[1:]};" for p in items[:-1]) + f"\n- {items[-1]}."

    def table(self, year: int) -> str:
        r = self.rng
        cols = [municipal_label(y) for y in (year - 2, year - 1, year)]
        lines = [f"| Measure | {' | '.join(cols)} |", "|---|" + "---:|" * len(cols)]
        for m in r.sample(MEASURES, r.randint(3, 5)):
            lines.append(f"| {m} | " + " | ".join(str(r.randint(10, 990)) for _ in cols) + " |")
        return "\n".join(lines)

    def body(self, topics, year: int, target: int = 5000, refs=(), appendix: bool = False) -> str:
        """A report of about `target` characters: headed sections of numbered paragraphs.

        `refs` are sentences (already holding [[id]] links) spliced into random paragraphs.
        """
        r = self.rng
        out: list[str] = []
        size, n = 0, 1
        headings = list(HEADINGS)
        r.shuffle(headings)
        pending = list(refs)
        while size < target and headings:
            out.append(f"## {headings.pop()}")
            for _ in range(r.randint(2, 4)):
                para = self.paragraph(topics, year)
                if pending and r.random() < 0.5:
                    para = f"{para} {pending.pop()}"
                out.append(f"{n}. {para}")
                size += len(para)
                n += 1
            extra = r.random()
            if extra < 0.25:
                out.append(self.bullets(topics))
            elif extra < 0.35:
                out.append(self.table(year))
                size += 200
        if pending:
            out.append(f"{n}. " + " ".join(pending))
        if appendix:
            out.append("## Appendix A")
            out.append(self.paragraph(topics, year, 4, 7))
            out.append(self.table(year))
        return "\n\n".join(out) + "\n"

    def title(self, topics, year: int) -> str:
        r = self.rng
        label = TOPICS[r.choice(topics)][0]
        phrase = self.phrase(topics)
        pattern = r.randrange(7)
        if pattern == 0:
            return f"{label} update"
        if pattern == 1:
            return f"{phrase[0].upper()}{phrase[1:]}: consultation response"
        if pattern == 2:
            return f"{label} programme {municipal_label(year)}"
        if pattern == 3:
            return f"Review of {phrase}"
        if pattern == 4:
            return f"{phrase[0].upper()}{phrase[1:]}"
        if pattern == 5:
            return f"{label}: priorities for {municipal_label(year)}"
        return f"Progress report on {phrase}"
