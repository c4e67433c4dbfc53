"""One way to fold text before comparing it: titles, skills, certificates, place names,
column headers and the spellings of import values.

The same word reaches the engine as "Schoonmaak-Medewerker", "schoonmaak medewerker"
and "Schoonmaak  medewerker", or "café", "Café" and "cafe"; everything that compares
words folds both sides with this one function, so two parts of the engine never
disagree about whether two spellings are the same word.
"""

from __future__ import annotations

import re
import unicodedata

# Anything that is not a letter or digit of any script; "_" counts as a separator too.
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """The comparable form of a text: words of letters and digits, in lower case
    without accents, separated by single spaces.

    - case: Unicode case folding ("Straße" -> "strasse", "İ" -> "i");
    - accents: compatibility-decomposed (NFKD) and the marks dropped ("één" -> "een",
      "ﬁ" -> "fi", "²" -> "2"); a letter without a decomposition stays as it is
      ("Łódź" -> "łodz", "Søren" -> "søren"), so such a word is not cut in two;
    - everything else (punctuation, apostrophes, dashes, slashes, "_", white space) is a
      word boundary: "Chef-Kok / Gastvrouw" -> "chef kok gastvrouw",
      "'s-Hertogenbosch" -> "s hertogenbosch";
    - no leading or trailing space; "" for a text without letters or digits.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", text.lower()).strip()
