"""``source-quality``: reference entries a reader cannot weigh or cannot find.

Reads each entry of the article's reference lists (never the prose) and reports, each on
the entry:

* a commercial seller's page: a link whose host names a clinic, an infusion or wellness
  business, a shop ("bespokeclinic.com/blog/..."), or an entry whose author is such a
  business and that gives neither a DOI nor a journal volume. Hosts of public bodies and
  known non-profit medical centres are listed as exceptions;
* a press release ("press release", newswire hosts);
* an entry with neither a date nor any identifier (DOI, PMID, PMCID, ISBN, URL): nothing
  to find it by;
* a malformed DOI ("doi: 10.1001/", "doi.org/1001/jama.1").

Offline: nothing is looked up, so a well-formed DOI that does not exist passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from ketlint.citations import reference_lists
from ketlint.document import Document
from ketlint.kinds.base import BlockFacts, Judgement, Kind, compile_alternatives
from ketlint.model import Finding

_STRING_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}

DEFAULT_MESSAGES = {
    "seller": "This source is a commercial page ({what}): it sells the treatment it describes.",
    "press-release": "This source is a press release ({what}), written to promote, not a study.",
    "untraceable": "This source gives no date and no identifier (DOI, PMID, link): a reader "
    "cannot find or date it.",
    "malformed-doi": "This DOI is malformed ({what}): a DOI reads “10.” then a registrant "
    "number, a slash and a suffix.",
}

_URL = regex.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+", regex.IGNORECASE)
_HOST = regex.compile(r"^(?:https?://)?(?:www\.)?(?P<host>[^/:?#]+)", regex.IGNORECASE)
# A DOI as written after "doi:" / "DOI " / "doi.org/".
_DOI_MENTION = regex.compile(
    r"(?:\b(?:dx\.)?doi\.org/|(?<![/\w.])doi(?![.\w/])\s*:?\s*)(?P<doi>[^\s<>\"]*)",
    regex.IGNORECASE,
)
_WELL_FORMED_DOI = regex.compile(r"10\.\d{4,9}/\S+")
_IDENTIFIER = regex.compile(
    r"\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPMCID\b|\bPMC\d+|\bISBN\b|\bISSN\b|https?://|www\.|\barXiv\b",
    regex.IGNORECASE,
)
_DATE = regex.compile(r"(?<![\d])(?:1[89]|20)\d{2}(?![\d])|\bn\.\s?d\.", regex.IGNORECASE)
# A journal article's volume(issue) or volume:pages: a scholarly source, whoever wrote it.
_VOLUME = regex.compile(
    r"\d+\s*\(\d+\)\s*[,:]\s*\d|(?:1[89]|20)\d{2};\s*\d+|\b\d+\s*:\s*\d+\s*[-–]\s*\d+"
)


class SourceQualityRule(Kind[None]):
    kind = "source-quality"
    pattern_options = frozenset(
        (
            "not-sellers",
            "press-releases",
            "seller-hosts",
            "seller-names",
            "source-shapes",
        )
    )
    options_doc = (
        "Reads the entries of reference lists and reports those a reader cannot weigh or find: "
        "a commercial seller's page, a press release, an entry with neither a date nor any "
        "identifier (DOI, PMID, link), a malformed DOI. Offline: nothing is looked up. Message "
        "placeholders: {what} (the host, words or DOI concerned), {entry} (the entry's first "
        "words)."
    )
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "seller-hosts": {
                **_STRING_LIST,
                "description": "Regexes searched in a link's host name: a match makes the entry "
                "a commercial seller's page ('clinic', 'infusion', 'wellness', 'shop').",
            },
            "seller-names": {
                **_STRING_LIST,
                "description": "Regexes searched in an entry's first words (its author): a "
                "business that sells treatment ('... Ketamine Clinic', '... Wellness'). Entries "
                "with a DOI or a journal volume are never sellers' pages.",
            },
            "not-sellers": {
                **_STRING_LIST,
                "description": "Regexes searched in a link's host or an entry's first words: "
                "public bodies and non-profit medical centres that match seller words "
                "(mayoclinic.org, clevelandclinic.org, .gov, .edu).",
            },
            "press-releases": {
                **_STRING_LIST,
                "description": "Regexes searched in an entry and its links: a press release.",
            },
            "report-untraceable": {
                "type": "boolean",
                "default": True,
                "description": "Report entries with neither a date nor any identifier.",
            },
            "source-shapes": {
                **_STRING_LIST,
                "description": "Regexes: an entry with neither a date nor an identifier is "
                "reported only when it matches one, so that it names a work (authors with "
                "initials, 'et al.', a publisher, 'data on file') rather than explaining a term "
                "as a press release's notes do. Absent: every such entry is reported.",
            },
            "report-malformed-doi": {"type": "boolean", "default": True},
            "seller-message": {"type": "string", "minLength": 1},
            "press-release-message": {"type": "string", "minLength": 1},
            "untraceable-message": {"type": "string", "minLength": 1},
            "malformed-doi-message": {"type": "string", "minLength": 1},
        },
    }

    def configure(self, options: dict[str, Any]) -> None:
        self.seller_hosts = compile_alternatives(options.get("seller-hosts", []))
        self.seller_names = compile_alternatives(options.get("seller-names", []))
        self.not_sellers = compile_alternatives(options.get("not-sellers", []))
        self.press_releases = compile_alternatives(options.get("press-releases", []))
        self.report_untraceable = bool(options.get("report-untraceable", True))
        self.source_shapes = compile_alternatives(options.get("source-shapes", []))
        self.report_malformed_doi = bool(options.get("report-malformed-doi", True))
        self.messages = {
            name: options.get(f"{name}-message", default)
            for name, default in DEFAULT_MESSAGES.items()
        }

    def judge(self, doc: Document, facts: BlockFacts[None]) -> Judgement:
        # Reference entries are judged whole (an entry may span blocks): no paragraph facts.
        findings = [
            finding
            for ref_list in reference_lists(doc)
            for entry in ref_list.entries
            for finding in self._check_entry(doc, entry.start, entry.end)
        ]
        return Judgement(findings, self.criterion_verdict(findings))

    def _check_entry(self, doc: Document, start: int, end: int) -> Iterable[Finding]:
        source = doc.source[start:end]
        text = " ".join(source.split())
        targets = [link.target for link in doc.links_in(start, end) if link.kind == "link"]
        urls = targets + [m.group() for m in _URL.finditer(source)]
        hosts = [h for h in (_host(u) for u in urls) if h]
        head = " ".join(text.split()[:8])
        scholarly = bool(_DOI_MENTION.search(text) or _VOLUME.search(text))

        def report(kind: str, what: str) -> Finding:
            return self.finding(
                start,
                end,
                message=self.messages[kind],
                values={"what": what, "entry": head},
                data={"problem": kind},
            )

        press = self._press_release(text, urls)
        if press is not None:
            yield report("press-release", press)
        elif not scholarly:
            seller = self._seller(head, hosts)
            if seller is not None:
                yield report("seller", seller)
        if self.report_untraceable and not urls and not _DATE.search(text):
            names_a_work = self.source_shapes is None or self.source_shapes.search(text)
            if names_a_work and not _IDENTIFIER.search(text):
                yield report("untraceable", head)
        if self.report_malformed_doi:
            for match in _DOI_MENTION.finditer(text):
                doi = match.group("doi").rstrip(".,;)")
                if not _WELL_FORMED_DOI.fullmatch(doi):
                    yield report("malformed-doi", match.group().rstrip(".,;)") or "doi")
                    break

    def _press_release(self, text: str, urls: list[str]) -> str | None:
        if self.press_releases is None:
            return None
        for candidate in (text, *urls):
            match = self.press_releases.search(candidate)
            if match:
                return match.group()
        return None

    def _seller(self, head: str, hosts: list[str]) -> str | None:
        for host in hosts:
            if self.not_sellers is not None and self.not_sellers.search(host):
                continue
            if self.seller_hosts is not None and self.seller_hosts.search(host):
                return host
        if self.seller_names is not None:
            match = self.seller_names.search(head)
            if match and not (self.not_sellers is not None and self.not_sellers.search(head)):
                return match.group()
        return None


def _host(url: str) -> str:
    match = _HOST.match(url.strip())
    return match.group("host").casefold() if match else ""
