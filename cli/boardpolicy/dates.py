"""Policy-history dates in the forms districts write them, checked to be real dates.

Month names are spelled out here rather than read from the locale, so a Turkish or German
locale reads and writes exactly what an English one does.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_LONG_NO_YEAR = re.compile(r"^[A-Za-z]+\.?\s+\d{1,2}$")
_LONG = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")

FORMS = "YYYY-MM-DD, M/D/YYYY or Month D, YYYY"


def parse_date(text: str) -> date:
    """'5/22/2018', '2018-05-22', 'November 13, 2012' -> date; ValueError names the problem."""
    text = text.strip()
    said = text if len(text) <= 40 else text[:39] + "…"  # never echo 400 digits back
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _US.match(text):
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
        if y < 100:
            y += 2000 if y < 70 else 1900
    elif m := _LONG.match(text):
        month = m[1].lower()
        matches = [i for i, name in enumerate(MONTHS, 1)
                   if name == month or (len(month) >= 3 and name.startswith(month))]
        if not matches:
            raise ValueError(f"'{said}': '{m[1][:20]}' is not a month")
        mo, d, y = matches[0], int(m[2]), int(m[3])
    else:
        raise ValueError(f"'{said}' is not a date in a form boardpolicy reads ({FORMS})")
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"'{said}' is not a real date") from None


# Between the dates of one history line as printed: a comma sits inside "October 9, 2024"
DATE_SEPARATOR = "; "


def split_dates(text: str) -> list[str]:
    """'5/22/2018; November 13, 2012' -> ['5/22/2018', 'November 13, 2012']. Documents from
    before DATE_SEPARATOR separate with commas: a comma also sits inside a long-form date,
    so there a part that is only a year joins the one before."""
    if ";" in text:
        return [part.strip() for part in text.split(";") if part.strip()]
    out: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if out and part.isdigit() and len(part) == 4 and _LONG_NO_YEAR.match(out[-1]):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out
