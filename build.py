"""Entry point: `python build.py [build|check|serve|new] ...` (see README)."""

from boardpapers.cli import run

if __name__ == "__main__":
    run()
