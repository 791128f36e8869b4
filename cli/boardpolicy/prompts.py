"""Interactive `init`: the questions a clerk answers at the terminal, one bullet at a time."""

from __future__ import annotations

from .district import note_of
from .errors import InputError
from .model_policy import ModelPolicy


class NoAnswers(InputError):
    """Standard input ended before every question was answered (the CLI names its flag)."""


def ask_choices(policy: ModelPolicy, district: str | None, *, color: bool = True,
                wrap: bool = True) -> tuple[str, tuple[str, ...]]:
    """The district's name (unless given), then yes or no for each bullet, shown in full.
    Returns the name and the option ids chosen, in the model's order."""
    from rich.console import Console
    from rich.prompt import Confirm, Prompt
    from rich.text import Text

    console = Console(highlight=False, no_color=not color, soft_wrap=not wrap)
    try:
        while not district:
            district = Prompt.ask("District name (e.g. Butte School District)",
                                  console=console).strip()
        chosen = []
        for choice in policy.choices:
            note = note_of(policy, choice)
            if note:
                console.print(Text(f"\nThe model says: {note}", style="yellow"))
            for n, option in enumerate(choice.options, 1):
                console.print(Text(f"\n{n}. ", style="bold") + Text(option.id, style="green"))
                console.print(Text(policy.published(option.text)))
                if Confirm.ask(choice.question or "Choose this option?", console=console):
                    chosen.append(option.id)
    except EOFError:
        raise NoAnswers("the questions need answers on standard input, which ended") from None
    return district, tuple(chosen)
