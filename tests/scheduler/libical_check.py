"""Parse a feed with libical (Evolution, KDE) and print what it rejects; exit 1 if anything.

Run by Debian's /usr/bin/python3, where python3-gi and gir1.2-ical-3.0 live (not the venv):
    /usr/bin/python3 tests/scheduler/libical_check.py FEED.ics
It reports every X-LIC-ERROR libical inserts while parsing, and each VEVENT's violations of the
iTIP PUBLISH restrictions (RFC 5546), checked one event at a time because libical only looks at
the first component of a message. ORGANIZER is left out: a feed invites no replies.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

ANY = ICalGLib.ComponentKind.ANY_COMPONENT
VEVENT = ICalGLib.ComponentKind.VEVENT_COMPONENT
ERROR = ICalGLib.PropertyKind.XLICERROR_PROPERTY


def components(root: Any) -> Iterator[Any]:
    yield root
    child = root.get_first_component(ANY)
    while child is not None:
        yield from components(child)
        child = root.get_next_component(ANY)


def errors(root: Any) -> list[str]:
    found = []
    for component in components(root):
        prop = component.get_first_property(ERROR)
        while prop is not None:
            found.append(f"{ICalGLib.Component.kind_to_string(component.isa())}: "
                         f"{prop.get_xlicerror()}")
            prop = component.get_next_property(ERROR)
    return found


def published_alone(event: Any) -> Any:
    wrapper = ICalGLib.Component.new_vcalendar()
    wrapper.set_method(ICalGLib.PropertyMethod.PUBLISH)
    wrapper.add_property(ICalGLib.Property.new_version("2.0"))
    wrapper.add_property(ICalGLib.Property.new_prodid("-//edu tests//libical//EN"))
    wrapper.add_component(event.clone())
    wrapper.check_restrictions()
    return wrapper


def main(path: str) -> int:
    with open(path, "rb") as f:
        root = ICalGLib.Component.new_from_string(f.read().decode("utf-8"))
    if root is None:
        print(f"libical could not parse {path}")
        return 1
    problems = errors(root)
    for component in components(root):
        if component.isa() == VEVENT:
            problems += [p for p in errors(published_alone(component)) if "ORGANIZER" not in p]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
