"""``drug-name``: a brand name given with another product's generic name.

"ketamine (Spravato)": Spravato is esketamine, not ketamine. From a data file of brand
names and their generic names, the kind finds a brand set beside a generic in apposition,
the way writers name a drug both ways:

* "GENERIC (BRAND)" and "BRAND (GENERIC)";
* "BRAND, a GENERIC ..." / "BRAND — GENERIC";
* "GENERIC, sold as BRAND" / "BRAND, the brand name for GENERIC" and the like.

and reports the generic when it is not the brand's (nor, for a combination, one of its
ingredients). Brands are matched with their capital letter; a generic inside a longer word
("esketamine", "S-ketamine") or followed by "-based", "-like", "-derived" is not read as
the generic named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ketlint.citations import in_reference_list
from ketlint.document import Document
from ketlint.kinds.base import (
    BlockFacts,
    Judgement,
    Kind,
    Paragraph,
    compile_alternatives,
    data_file,
    read_data_lines,
)
from ketlint.model import Finding, Fix, Related
from ketlint.timeouts import escape, user_pattern

_STRING_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}


@dataclass(frozen=True)
class Product:
    brand: str
    generic: str  # as the message names it ("esketamine", "dextromethorphan and bupropion")
    names: frozenset[str]  # casefolded generic names that are right for it


def read_products(lines: Iterable[str]) -> list[Product]:
    """``Brand = generic | other form`` lines; ingredients joined with " + "."""
    products = []
    for line in lines:
        brand, sep, rest = line.partition("=")
        if not sep or not brand.strip() or not rest.strip():
            raise ValueError(f"drug data line {line!r}: expected 'Brand = generic'")
        forms = [" ".join(f.split()) for f in rest.split("|") if f.strip()]
        names: set[str] = set()
        for form in forms:
            names.add(form.casefold())
            names.update(part.strip().casefold() for part in form.split("+") if part.strip())
        generic = " and ".join(p.strip() for p in forms[0].split("+"))
        products.append(Product(" ".join(brand.split()), generic, frozenset(names)))
    return products


_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{N}]*")


class DrugNameRule(Kind[tuple[Finding, ...]]):
    kind = "drug-name"
    pattern_options = frozenset(("not-appositions",))
    options_doc = (
        'Finds a brand name set beside a generic name in apposition ("ketamine (Spravato)", '
        '"Spravato, a ketamine spray") and reports the generic when the brand is another '
        "drug, from a data file of brands and generic names. Message placeholders: {brand}, "
        "{generic} (the right one), {named} (the one written)."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "drugs-file": {
                "type": "string",
                "minLength": 1,
                "description": "Data file, relative to the rule file (or the built-in rules): "
                "one product a line, 'Brand = generic | other written form', ingredients of a "
                "combination joined with ' + '; '#' starts a comment line.",
            },
            "drugs": {
                **_STRING_LIST,
                "description": "More products, in the data file's line format.",
            },
            "not-appositions": {
                **_STRING_LIST,
                "description": "Regexes matched just after a generic name: the generic is not "
                "what the brand is called ('-based', '-like', '-derived', ' family').",
            },
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        lines: list[str] = []
        if options.get("drugs-file"):
            lines.extend(read_data_lines(data_file(self.spec, options["drugs-file"])))
        lines.extend(options.get("drugs", []))
        self.products = {p.brand.casefold(): p for p in read_products(lines)}
        # Longest first; names of one length in a fixed order (of names of one length at most
        # one can match at a place), so the pattern is the same in every process and its
        # compiled form and prefilter formula are found in the start-up cache.
        generics = sorted(
            {name for p in self.products.values() for name in p.names},
            key=lambda name: (-len(name), name),
        )
        brands = sorted({p.brand for p in self.products.values()}, key=lambda b: (-len(b), b))
        self.brand_words = {b.split()[0] for b in brands} | {b.split()[0].upper() for b in brands}
        word = r"(?<![\p{L}\p{N}\-])"
        end = r"(?![\p{L}\p{N}])"
        # Generic names in any case ("Ketamine (Spravato)" opens a sentence).
        generic = "(?i:" + "|".join(escape(g) for g in generics) + ")"
        # Brands are proper names: their capital is required ("Spravato", "SPRAVATO").
        brand = "|".join(f"{escape(b)}|{escape(b.upper())}" for b in brands)
        gap = r"(?:,\s*|\s+[—–-]\s*|\s*[—–]\s*|\s+)"
        article = r"(?:(?:a|an|the|which\s+is|is)\s+(?:[\w-]+\s+){0,2}?)?"
        sold = (
            r"(?:sold|marketed|branded|available|known)\s+(?:in\s+the\s+U\.?S\.?\s+)?"
            r"(?:as|under(?:\s+the)?(?:\s+brand)?(?:\s+names?)?)\s+"
        )
        brand_of = r"(?:the\s+)?(?:brand|trade)(?:\s+|-)name\s+(?:for|of)\s+"
        # Compiled when first searched, as the journals' pattern (citation_mismatch).
        self.pattern = (
            user_pattern(
                rf"{word}(?P<g1>{generic}){end}(?P<a1>\s*[(\[]\s*)(?P<b1>{brand}){end}\s*[®™]?\s*[)\]]"
                rf"|{word}(?P<b2>{brand}){end}\s*[®™]?\s*[(\[]\s*(?P<g2>{generic}){end}"
                rf"|{word}(?P<b3>{brand}){end}\s*[®™]?{gap}(?:{article}|{brand_of})(?P<g3>{generic}){end}"
                rf"|{word}(?P<g4>{generic}){end},?\s+(?:{sold})(?P<b4>{brand}){end}",
                regex.VERSION1 | regex.UNICODE,
            )
            if generics and brands
            else None
        )
        self.not_appositions = compile_alternatives(options.get("not-appositions", []))

    def read_block(self, paragraph: Paragraph) -> tuple[Finding, ...]:
        """The paragraph's generics named after a brand they are not, offsets from its start."""
        prose = paragraph.prose
        # Most paragraphs name no brand: a set look-up spares them the long pattern.
        if self.pattern is None or set(_CAPITALISED.findall(prose)).isdisjoint(self.brand_words):
            return ()
        found = (self._misnamed(prose, match) for match in self.search(self.pattern, prose))
        return tuple(finding for finding in found if finding is not None)

    def judge(self, doc: Document, facts: BlockFacts[tuple[Finding, ...]]) -> Judgement:
        findings = [
            finding.shifted(block.start)
            for block in doc.blocks
            if not in_reference_list(doc, block.start, block.end)
            for finding in facts[block]
        ]
        return Judgement(findings, self.criterion_verdict(findings))

    def _misnamed(self, prose: str, match: regex.Match[str]) -> Finding | None:
        for index in "1234":
            if match.group(f"b{index}"):
                brand_text = match.group(f"b{index}")
                generic_text = match.group(f"g{index}")
                g_start, g_end = match.span(f"g{index}")
                b_start, b_end = match.span(f"b{index}")
                break
        else:
            return None
        product = self.products.get(brand_text.casefold())
        if product is None or generic_text.casefold() in product.names:
            return None
        if self.not_appositions is not None and self.not_appositions.match(prose, g_end):
            return None
        return self.finding(
            g_start,
            g_end,
            values={"brand": product.brand, "generic": product.generic, "named": generic_text},
            fix=_fix(g_start, g_end, product.generic, generic_text),
            related=[Related(b_start, b_end, f"the brand name {product.brand}")],
            data={"brand": product.brand, "generic": product.generic, "named": generic_text},
        )


def _fix(start: int, end: int, generic: str, written: str) -> Fix | None:
    """Replace the generic written with the brand's (unsafe: the sentence may need more
    rewording); none for a combination product."""
    if " and " in generic:
        return None
    replacement = generic[:1].upper() + generic[1:] if written[:1].isupper() else generic
    return Fix(start, end, replacement, f"Name the generic: {generic}", safe=False)
