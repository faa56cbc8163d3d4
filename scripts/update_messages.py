"""`make messages`: add the labels the templates use and the catalog lacks to each .po file.

Babel extracts the templates' `_()` and `{% trans %}` texts; new ones are added with an empty
msgstr for the translator. Unlike `pybabel update`, nothing is dropped: labels computed in
Python (rule names, job states, leave kinds, …) live in the same catalog.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("**.html", "jinja2")]


def template_labels() -> list[str]:
    found = extract_from_dir(ROOT / "templates", METHODS, keywords={"_": None, "gettext": None})
    labels = []
    for _file, _line, message, _comments, _context in found:
        if isinstance(message, str) and message not in labels:
            labels.append(message)
    return labels


def main() -> int:
    labels = template_labels()
    for po_path in sorted((ROOT / "scheduler" / "locale").glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as po:
            catalog = read_po(po)
        new = [label for label in labels if label not in catalog]
        for label in new:
            catalog.add(label, "")
        with po_path.open("wb") as po:
            write_po(po, catalog, width=100, sort_output=False)
        print(f"{po_path.relative_to(ROOT)}: {len(new)} new label(s) to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
