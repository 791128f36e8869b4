"""What `upgrade` did to a district policy file, as a text report or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from ..context import Context
from ..formats import OutputFormat

if TYPE_CHECKING:
    from ...release import Release
    from ...upgrade import Merge


class UpgradeFormat(OutputFormat):
    TEXT = "text"
    JSON = "json"


def render_upgrade(merge: Merge, fmt: UpgradeFormat, context: Context | None = None, *,
                   name: str, written: str | None = None) -> str:
    """`name` is the district file read; `written` the new file, if one was written."""
    context = context or Context()
    match fmt:
        case UpgradeFormat.TEXT:
            from .text import render_text

            return render_text(merge, name=name, written=written, color=context.color,
                               width=context.width)
        case UpgradeFormat.JSON:
            import json

            data = {"file": name, "written": written, **merge.to_dict()}
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        case _:
            assert_never(fmt)


def render_release(release: Release, fmt: UpgradeFormat, context: Context | None = None) -> str:
    """A release applied to a manual: a coded line per policy."""
    context = context or Context()
    match fmt:
        case UpgradeFormat.TEXT:
            from .release import render_release_text

            return render_release_text(release, color=context.color, width=context.width)
        case UpgradeFormat.JSON:
            from .release import render_release_json

            return render_release_json(release)
        case _:
            assert_never(fmt)
