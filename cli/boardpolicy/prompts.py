"""`init --interactive`: the questions a clerk answers at the terminal, one bullet at a time.

The questions, the bullets and the closing summary are written to the terminal (standard
error), never to standard output: `init mtsba/5460 --interactive > district.yaml` must leave
the district file alone in the file. Answers are read from standard input.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from .district import note_of
from .errors import InputError
from .model_policy import ModelBlock, ModelPolicy

YES = frozenset({"y", "yes"})
NO = frozenset({"n", "no"})


class NoAnswers(InputError):
    """Standard input ended before every question was answered (the CLI names its flag)."""


@dataclass(frozen=True)
class Dialogue:
    """Where the questions go and the answers come from."""

    answers: TextIO
    screen: TextIO
    color: bool = False

    def say(self, text: str = "", style: str = "") -> None:
        if self.color and style:
            text = f"\x1b[{style}m{text}\x1b[0m"
        print(text, file=self.screen, flush=True)

    def ask(self, question: str) -> str:
        """One answer, stripped; EOF is a clear error, not an endless loop."""
        self.screen.write(question + " ")
        self.screen.flush()
        line = self.answers.readline()
        if not line:
            self.say()
            raise NoAnswers("the questions need answers on standard input, which ended")
        return line.strip()

    def yes_or_no(self, question: str) -> bool:
        while True:
            answer = self.ask(f"{question} [y/n]:").lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("Please answer yes or no (y or n).")


def ask_choices(policy: ModelPolicy, district: str | None, *, color: bool = True,
                wrap: bool = True, answers: TextIO | None = None,
                screen: TextIO | None = None) -> tuple[str, tuple[str, ...]]:
    """The district's name (unless given), then yes or no for each bullet, shown in full,
    numbered "3 of 7" across all choices; at the end, a summary of what was chosen.
    Returns the name and the option ids chosen, in the model's order."""
    del wrap  # the terminal wraps plain lines itself
    talk = Dialogue(answers or sys.stdin, screen or sys.stderr, color)
    while not district:
        district = talk.ask("District name (e.g. Butte School District):")
    total = sum(len(choice.options) for choice in policy.choices)
    chosen: list[str] = []
    asked = 0
    for choice in policy.choices:
        chosen += _ask_choice(talk, policy, choice, asked, total)
        asked += len(choice.options)
    _summary(talk, policy, district, set(chosen))
    return district, tuple(chosen)


def _ask_choice(talk: Dialogue, policy: ModelPolicy, choice: ModelBlock, asked: int,
                total: int) -> list[str]:
    note = note_of(policy, choice)
    if note:
        talk.say(f"\nThe model says: {note}", "33")
    chosen = []
    for n, option in enumerate(choice.options, asked + 1):
        talk.say(f"\n{n} of {total}. {option.id}", "1")
        talk.say(policy.published(option.text))
        if talk.yes_or_no(choice.question or "Choose this option?"):
            chosen.append(option.id)
    return chosen


def _summary(talk: Dialogue, policy: ModelPolicy, district: str, chosen: set[str]) -> None:
    """What the clerk answered, in one place, before the file is written."""
    talk.say(f"\nDistrict: {district}", "1")
    for choice in policy.choices:
        yes = [o.id for o in choice.options if o.id in chosen]
        no = [o.id for o in choice.options if o.id not in chosen]
        talk.say(f"{choice.id}: {', '.join(yes) if yes else 'none'}")
        if no:
            talk.say(f"  not {choice.id}: {', '.join(no)}")
