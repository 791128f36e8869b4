"""`init --interactive`: the questions a clerk answers at the terminal, one bullet at a time,
then each blank, alternative and optional text, the model's recommendation the default.

The questions, the bullets and the closing summary are written to the terminal (standard
error), never to standard output: `init mtsba/5460 --interactive > district.yaml` must leave
the district file alone in the file. Answers are read from standard input.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from .decisions import Alternative, Blank, Keep, OptionalText
from .district import note_of
from .errors import InputError
from .model_policy import ModelBlock, ModelPolicy
from .roundtrip import Decided

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
            talk.say(f"not {choice.id}: {', '.join(no)}")


def ask_decisions(policy: ModelPolicy, *, color: bool = True, answers: TextIO | None = None,
                  screen: TextIO | None = None) -> tuple[tuple[str, ...], Decided]:
    """Each alternative, blank and optional text of the model, in its order: the question,
    the options, and the model's recommendation as the default (an empty answer takes it).
    Returns the wording ids chosen and the blanks and optional text decided."""
    talk = Dialogue(answers or sys.stdin, screen or sys.stderr, color)
    wordings: list[str] = []
    blanks: list[tuple[str, str]] = []
    optional: list[tuple[str, Keep]] = []
    for decision in policy.decisions():
        match decision:
            case Alternative():
                wordings.append(_ask_alternative(talk, policy, decision))
            case Blank():
                blanks.append((decision.id, _ask_blank(talk, decision)))
            case OptionalText():
                optional.append((decision.id, _ask_optional(talk, policy, decision)))
    if wordings or blanks or optional:
        _decided_summary(talk, policy, wordings, blanks, optional)
    return tuple(wordings), Decided(tuple(blanks), tuple(optional))


def _ask_alternative(talk: Dialogue, policy: ModelPolicy, alt: Alternative) -> str:
    talk.say(f"\n{alt.id}: {alt.question or 'Which wording does the district adopt?'}", "1")
    for n, wording in enumerate(alt.wordings, 1):
        mark = " (recommended)" if wording.id == alt.recommended else ""
        talk.say(f"  {n}. {policy.published(wording.text)}{mark}")
    default = next((n for n, w in enumerate(alt.wordings, 1) if w.id == alt.recommended), 0)
    prompt = f"Number 1-{len(alt.wordings)}" + (f" [{default}]:" if default else ":")
    while True:
        answer = talk.ask(prompt) or (str(default) if default else "")
        if answer.isdigit() and 1 <= int(answer) <= len(alt.wordings):
            return alt.wordings[int(answer) - 1].id
        picked = alt.wording(answer)
        if picked is not None:
            return picked.id
        talk.say(f"Please answer with a number from 1 to {len(alt.wordings)}.")


def _ask_blank(talk: Dialogue, blank: Blank) -> str:
    talk.say(f"\n{blank.id}: {blank.label} ({blank.kind.value})", "1")
    talk.say(f"  printed as: {blank.published}")
    prompt = f"Value [{blank.recommended}]:" if blank.recommended else "Value:"
    while True:
        answer = talk.ask(prompt) or blank.recommended
        problem = blank.problem(answer) if answer else "needs a value"
        if problem is None:
            return answer
        talk.say(f"{blank.id}: {problem}.")


def _ask_optional(talk: Dialogue, policy: ModelPolicy, opt: OptionalText) -> Keep:
    what = "sentence" if opt.inline else "paragraph"
    talk.say(f"\n{opt.id}: keep this optional {what}?", "1")
    talk.say(policy.published(opt.text))
    default = {Keep.KEEP: " [Y/n]:", Keep.OMIT: " [y/N]:", None: " [y/n]:"}[opt.recommended]
    while True:
        answer = talk.ask("Keep it?" + default).lower()
        if not answer and opt.recommended is not None:
            return opt.recommended
        if answer in YES:
            return Keep.KEEP
        if answer in NO:
            return Keep.OMIT
        talk.say("Please answer yes or no (y or n).")


def _decided_summary(talk: Dialogue, policy: ModelPolicy, wordings: list[str],
                     blanks: list[tuple[str, str]], optional: list[tuple[str, Keep]]) -> None:
    owners = policy.wording_ids()
    for wording in wordings:
        talk.say(f"{owners[wording].id}: {wording}")
    for ident, value in blanks:
        talk.say(f"{ident}: {value}")
    for ident, keep in optional:
        talk.say(f"{ident}: {keep.value}")
