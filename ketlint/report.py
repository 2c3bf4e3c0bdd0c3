"""``ketlint report``: one self-contained HTML page auditing an archive.

The page is built from the results the engine gives ``ketlint check`` (the CLI's results
path: same config, rules, cache and ``--jobs``); nothing here lints. It holds a verdict
scorecard per article (the HealthNewsReview.org criteria the rules score), the rules that
fire most, the worst articles, the distribution of reading grades, and charts drawn as
inline SVG by the small functions below. No script, no font, no image and no link is
fetched when it is viewed (a Content-Security-Policy says so to the browser too), and every
piece of text that comes from an article or a file name is escaped: an archive is hostile
input.
"""

from __future__ import annotations

import html
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ketlint.model import LintResult, Severity

# The HealthNewsReview.org criteria that built-in rules score, in the reviewers' order.
CRITERIA: dict[str, str] = {
    "costs": "Costs",
    "benefits_quantified": "Benefits quantified",
    "harms": "Harms",
    "evidence_quality": "Quality of evidence",
    "sensational_language": "No sensational language",
    "funding_coi": "Funding and conflicts",
}
VALUES = ("satisfactory", "not-satisfactory", "not-applicable")
SYMBOLS = {"satisfactory": "✓", "not-satisfactory": "✗", "not-applicable": "–"}
# Grade bins of the readability histogram: [low, high) and a label.
GRADE_BINS: list[tuple[float, float, str]] = [
    (-99.0, 6.0, "≤ 6"),
    (6.0, 8.0, "6–8"),
    (8.0, 10.0, "8–10"),
    (10.0, 12.0, "10–12"),
    (12.0, 14.0, "12–14"),
    (14.0, 16.0, "14–16"),
    (16.0, 18.0, "16–18"),
    (18.0, 999.0, "18 +"),
]
SEVERITY_WEIGHT = {Severity.ERROR: 5, Severity.WARNING: 3, Severity.INFO: 1, Severity.HINT: 0}
WORST_SHOWN = 25
TITLE_CHARS = 110


@dataclass
class Article:
    """What the report keeps of one file's result (not its text: memory stays small)."""

    path: str
    title: str
    counts: Counter[Severity]
    rules: Counter[str]
    verdicts: dict[str, tuple[str, str]]  # criterion -> (value, reason)
    grade: float | None
    target: float | None
    errors: list[str]

    @property
    def failed(self) -> int:
        return sum(1 for value, _ in self.verdicts.values() if value == "not-satisfactory")

    @property
    def score(self) -> int:
        """How bad the article is: findings weighted by severity, and each failed criterion."""
        weighted = sum(SEVERITY_WEIGHT[s] * n for s, n in self.counts.items())
        return weighted + 5 * self.failed


@dataclass
class Report:
    """The archive's figures, filled one result at a time."""

    articles: list[Article] = field(default_factory=list)
    rule_counts: Counter[str] = field(default_factory=Counter)
    rule_articles: Counter[str] = field(default_factory=Counter)
    rule_fixable: Counter[str] = field(default_factory=Counter)
    severities: Counter[Severity] = field(default_factory=Counter)

    def add(self, display_path: str, result: LintResult) -> None:
        rules: Counter[str] = Counter()
        counts: Counter[Severity] = Counter()
        for finding in result.findings:
            rules[finding.rule] += 1
            counts[finding.severity] += 1
            if finding.fix is not None and finding.fix.safe:
                self.rule_fixable[finding.rule] += 1
        self.rule_counts.update(rules)
        self.rule_articles.update(rules.keys())
        self.severities.update(counts)
        readability = (result.metrics or {}).get("readability") or {}
        document = readability.get("document") or {}
        grade = document.get("grade")
        self.articles.append(
            Article(
                path=display_path,
                title=_title(display_path, result),
                counts=counts,
                rules=rules,
                verdicts={v.criterion: (v.value, v.reason) for v in result.verdicts},
                grade=float(grade) if isinstance(grade, (int, float)) else None,
                target=document.get("target"),
                errors=[
                    *result.errors,
                    *(f.message for f in result.findings if f.rule == "file-error"),
                ],
            )
        )

    # -- rendering ------------------------------------------------------------------------

    def render(self, summary_of: Callable[[str], str] = lambda rule: "", sources: str = "") -> str:
        e = _escape
        total = sum(self.severities.values())
        articles = self.articles
        criteria = self._criteria()
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            # Nothing may be fetched when the page is viewed, whatever slipped into it.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>ketlint audit: {e(sources)}</title>",
            f"<style>{CSS}</style></head><body>",
            "<header>",
            "<h1>ketlint audit report</h1>",
            f'<p class="sub">{e(sources)} · {len(articles)} article{_s(len(articles))} · '
            f"{total} finding{_s(total)} · {time.strftime('%Y-%m-%d %H:%M')}</p>",
            self._tiles(),
            "</header>",
            "<nav>",
            '<a href="#criteria">Criteria</a><a href="#rules">Rules</a>'
            '<a href="#readability">Reading grade</a><a href="#worst">Worst articles</a>'
            '<a href="#scorecard">Scorecard</a>',
            "</nav>",
            '<section id="criteria"><h2>HealthNewsReview.org criteria across the archive</h2>',
            "<p>How many articles each criterion judged satisfactory, not satisfactory, or "
            "not applicable (the rules that score a criterion say when it applies).</p>",
            _stacked_bars(
                [(CRITERIA.get(c, c), self._verdict_counts(c)) for c in criteria],
                "Verdicts per criterion",
            ),
            "</section>",
            '<section id="rules"><h2>Rules that fire most</h2>',
            _bar_chart(
                [(rule, n) for rule, n in self.rule_counts.most_common(15)],
                "Findings per rule",
            ),
            self._rules_table(summary_of),
            "</section>",
            '<section id="readability"><h2>Reading grade</h2>',
            self._readability(),
            "</section>",
            '<section id="worst"><h2>Worst articles</h2>',
            "<p>Ranked by findings weighted by severity (error 5, warning 3, info 1) and 5 for "
            "each criterion not satisfied.</p>",
            self._worst(criteria),
            "</section>",
            '<section id="scorecard"><h2>Verdict scorecard per article</h2>',
            '<p class="legend"><span class="v satisfactory">✓</span> satisfactory '
            '<span class="v not-satisfactory">✗</span> not satisfactory '
            '<span class="v not-applicable">–</span> not applicable; '
            "hover a mark for the reason.</p>",
            self._scorecard(criteria),
            "</section>",
            self._errors(),
            "<footer>Made by ketlint; self-contained: no scripts, no network.</footer>",
            "</body></html>",
        ]
        return "\n".join(part for part in parts if part)

    def _criteria(self) -> list[str]:
        seen = {c for a in self.articles for c in a.verdicts}
        return [c for c in CRITERIA if c in seen] + sorted(seen - set(CRITERIA))

    def _verdict_counts(self, criterion: str) -> list[int]:
        counts = Counter(a.verdicts[criterion][0] for a in self.articles if criterion in a.verdicts)
        return [counts.get(value, 0) for value in VALUES]

    def _tiles(self) -> str:
        graded = [a.grade for a in self.articles if a.grade is not None]
        median = _median(graded)
        failing = sum(1 for a in self.articles if a.failed)
        tiles = [
            (str(len(self.articles)), "articles"),
            (str(self.severities.get(Severity.ERROR, 0)), "errors"),
            (str(self.severities.get(Severity.WARNING, 0)), "warnings"),
            (str(self.severities.get(Severity.INFO, 0)), "notes (info)"),
            (f"{median:.1f}" if median is not None else "–", "median reading grade"),
            (str(failing), "articles failing a criterion"),
        ]
        cells = "".join(
            f'<div class="tile"><b>{_escape(value)}</b><span>{_escape(label)}</span></div>'
            for value, label in tiles
        )
        return f'<div class="tiles">{cells}</div>'

    def _rules_table(self, summary_of: Callable[[str], str]) -> str:
        if not self.rule_counts:
            return "<p>No findings.</p>"
        rows = []
        for rule, count in self.rule_counts.most_common():
            fixable = "[*]" if self.rule_fixable.get(rule) else ""
            rows.append(
                f'<tr><td class="num">{count}</td><td><code>{_escape(rule)}</code></td>'
                f'<td class="num">{self.rule_articles[rule]}</td><td>{fixable}</td>'
                f"<td>{_escape(summary_of(rule))}</td></tr>"
            )
        return (
            '<table class="rules"><thead><tr><th>Findings</th><th>Rule</th><th>Articles</th>'
            "<th>Fixable</th><th>What it checks</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def _readability(self) -> str:
        graded = [a for a in self.articles if a.grade is not None]
        if not graded:
            return "<p>No article was long enough to grade.</p>"
        bins = [0] * len(GRADE_BINS)
        for article in graded:
            for i, (low, high, _) in enumerate(GRADE_BINS):
                if low <= (article.grade or 0.0) < high:
                    bins[i] += 1
                    break
        targets = [a.target for a in graded if isinstance(a.target, (int, float))]
        target = max(set(targets), key=targets.count) if targets else 8.0
        above = sum(1 for a in graded if (a.grade or 0) > (a.target or target))
        median = _median([a.grade for a in graded if a.grade is not None])
        return (
            f"<p>{len(graded)} article{_s(len(graded))} graded (Flesch-Kincaid or SMOG); "
            f"median grade {median:.1f}; {above} above the target grade "
            f"({target:g}) of patient material. {len(self.articles) - len(graded)} too short "
            "to grade.</p>"
            + _histogram(
                [(label, n) for (_, _, label), n in zip(GRADE_BINS, bins, strict=True)], target
            )
        )

    def _worst(self, criteria: list[str]) -> str:
        ranked = sorted(
            (a for a in self.articles if a.score > 0), key=lambda a: (-a.score, a.path)
        )[:WORST_SHOWN]
        if not ranked:
            return "<p>No article has findings.</p>"
        rows = []
        for rank, article in enumerate(ranked, start=1):
            top = ", ".join(f"{_escape(rule)} ×{n}" for rule, n in article.rules.most_common(3))
            failed = ", ".join(
                _escape(CRITERIA.get(c, c))
                for c in criteria
                if article.verdicts.get(c, ("",))[0] == "not-satisfactory"
            )
            rows.append(
                f'<tr class="worst-row"><td class="num">{rank}</td>'
                f'<td>{_article_cell(article)}</td><td class="num">{article.score}</td>'
                f'<td class="num">{_grade(article)}</td><td>{top}</td><td>{failed}</td></tr>'
            )
        return (
            '<table class="worst"><thead><tr><th>#</th><th>Article</th><th>Score</th>'
            "<th>Grade</th><th>Top rules</th><th>Criteria not satisfied</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>"
        )

    def _scorecard(self, criteria: list[str]) -> str:
        head = "".join(f"<th>{_escape(CRITERIA.get(c, c))}</th>" for c in criteria)
        rows = []
        for article in sorted(self.articles, key=lambda a: a.path):
            cells = []
            for criterion in criteria:
                value, reason = article.verdicts.get(criterion, ("", ""))
                if not value:
                    cells.append('<td class="v none"></td>')
                    continue
                cells.append(
                    f'<td class="v {_escape(value)}" title="{_escape(reason)}">'
                    f"{SYMBOLS.get(value, '?')}</td>"
                )
            findings = sum(article.counts.values())
            rows.append(
                f'<tr class="scorecard-row"><td>{_article_cell(article)}</td>{"".join(cells)}'
                f'<td class="num">{_grade(article)}</td><td class="num">{findings}</td></tr>'
            )
        return (
            '<table class="scorecard"><thead><tr><th>Article</th>'
            f"{head}<th>Grade</th><th>Findings</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )

    def _errors(self) -> str:
        broken = [a for a in self.articles if a.errors]
        if not broken:
            return ""
        items = "".join(
            f"<li><code>{_escape(a.path)}</code>: {_escape('; '.join(a.errors))}</li>"
            for a in broken
        )
        return f'<section id="errors"><h2>Files with problems</h2><ul>{items}</ul></section>'


# -- helpers ----------------------------------------------------------------------------------


def _escape(text: Any) -> str:
    """Text for HTML content or a quoted attribute; control characters shown, not obeyed."""
    from ketlint.output import safe_text

    return html.escape(safe_text(str(text)), quote=True)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _grade(article: Article) -> str:
    if article.grade is None:
        return "–"
    target = article.target if isinstance(article.target, (int, float)) else 8.0
    css = "over" if article.grade > target else "ok"
    return f'<span class="{css}">{article.grade:.1f}</span>'


def _article_cell(article: Article) -> str:
    return (
        f'<div class="title">{_escape(article.title)}</div>'
        f'<div class="path">{_escape(article.path)}</div>'
    )


def _title(display_path: str, result: LintResult) -> str:
    """The article's title as the parser finds it (title_range), on one line, shortened."""
    from ketlint.parsing import format_for_path, parse

    try:
        doc = parse(result.source, format_for_path(display_path), display_path)
        start, end = doc.title_range
        title = " ".join(doc.prose[start:end].split())
    except Exception:  # a title is a nicety; a file that would not parse has none
        title = ""
    if len(title) > TITLE_CHARS:
        title = title[: TITLE_CHARS - 1].rstrip() + "…"
    return title or "(no title)"


# -- charts: inline SVG -----------------------------------------------------------------------

BAR_COLOURS = {
    "satisfactory": "#2f9e44",
    "not-satisfactory": "#e03131",
    "not-applicable": "#adb5bd",
}


def _bar_chart(items: list[tuple[str, int]], caption: str) -> str:
    """Horizontal bars, one per (label, value)."""
    if not items:
        return ""
    width, label_w, bar_h, gap = 760, 230, 20, 6
    top = max(value for _, value in items) or 1
    height = len(items) * (bar_h + gap) + 10
    rows = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        w = max(1.0, (width - label_w - 60) * value / top)
        rows.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 6}" text-anchor="end">{_escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" fill="#4263eb">'
            f"<title>{_escape(label)}: {value}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h - 6}">{value}</text>'
        )
    return (
        f'<figure><svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f"<title>{_escape(caption)}</title>{''.join(rows)}</svg>"
        f"<figcaption>{_escape(caption)}</figcaption></figure>"
    )


def _stacked_bars(items: list[tuple[str, list[int]]], caption: str) -> str:
    """One 100% bar per (label, [satisfactory, not-satisfactory, not-applicable])."""
    if not items:
        return "<p>No rule that scores a criterion ran.</p>"
    width, label_w, bar_h, gap = 760, 200, 24, 8
    span = width - label_w - 10
    height = len(items) * (bar_h + gap) + 40
    rows = []
    for i, (label, counts) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        total = sum(counts) or 1
        x = float(label_w)
        rows.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 7}" text-anchor="end">{_escape(label)}</text>'
        )
        for value, n in zip(VALUES, counts, strict=True):
            if not n:
                continue
            w = span * n / total
            rows.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{BAR_COLOURS[value]}"><title>{_escape(label)}: {n} {value}</title></rect>'
            )
            if w > 28:
                rows.append(
                    f'<text class="in" x="{x + w / 2:.1f}" y="{y + bar_h - 7}" '
                    f'text-anchor="middle">{n}</text>'
                )
            x += w
    legend_y = len(items) * (bar_h + gap) + 20
    legend = "".join(
        f'<rect x="{label_w + i * 170}" y="{legend_y - 11}" width="12" height="12" '
        f'fill="{BAR_COLOURS[v]}"/><text x="{label_w + i * 170 + 18}" y="{legend_y}">{v}</text>'
        for i, v in enumerate(VALUES)
    )
    return (
        f'<figure><svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f"<title>{_escape(caption)}</title>{''.join(rows)}{legend}</svg>"
        f"<figcaption>{_escape(caption)}</figcaption></figure>"
    )


def _histogram(bins: list[tuple[str, int]], target: float) -> str:
    """Vertical bars of articles per grade bin; bins above the target are shaded red."""
    width, height, left, bottom = 760, 260, 40, 40
    top = max(n for _, n in bins) or 1
    slot = (width - left - 10) / len(bins)
    plot_h = height - bottom - 34  # room above the tallest bar for its count
    bars = []
    for i, (label, n) in enumerate(bins):
        low = GRADE_BINS[i][0]
        h = plot_h * n / top
        x = left + i * slot + 6
        y = 24 + plot_h - h
        colour = "#e8590c" if low >= target else "#2f9e44"
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot - 12:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>grade {label}: {n}</title></rect>'
            f'<text x="{x + (slot - 12) / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>'
            f'<text x="{x + (slot - 12) / 2:.1f}" y="{height - bottom + 18}" '
            f'text-anchor="middle">{_escape(label)}</text>'
        )
    axis = (
        f'<line x1="{left}" y1="{24 + plot_h}" x2="{width - 10}" y2="{24 + plot_h}" '
        'stroke="#868e96"/>'
        f'<text x="{width / 2:.0f}" y="{height - 4}" text-anchor="middle">reading grade '
        f"(target {target:g} or lower)</text>"
    )
    return (
        f'<figure><svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f"<title>Articles per reading grade</title>{''.join(bars)}{axis}</svg>"
        "<figcaption>Articles per reading grade</figcaption></figure>"
    )


CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
  color: #212529; background: #f8f9fa; }
header { background: #1c2541; color: #fff; padding: 20px 32px 16px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
.sub { margin: 0 0 14px; opacity: .8; word-break: break-all; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; }
.tile { background: rgba(255,255,255,.1); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.tile b { display: block; font-size: 22px; }
.tile span { font-size: 12px; opacity: .85; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #dee2e6;
  padding: 8px 32px; z-index: 1; }
nav a { margin-right: 18px; color: #364fc7; text-decoration: none; }
section { background: #fff; margin: 16px 32px; padding: 4px 20px 16px; border-radius: 8px;
  box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { font-size: 18px; }
figure { margin: 8px 0; }
figcaption { font-size: 12px; color: #868e96; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: #343a40; }
svg.chart text.in { fill: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #e9ecef; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; position: sticky; top: 37px; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.title { font-weight: 600; overflow-wrap: anywhere; }
.path { color: #868e96; font-size: 12px; overflow-wrap: anywhere; }
td.v, span.v { text-align: center; font-weight: 700; width: 90px; }
.v.satisfactory { color: #2f9e44; background: #ebfbee; }
.v.not-satisfactory { color: #e03131; background: #fff5f5; }
.v.not-applicable { color: #868e96; }
span.v { display: inline-block; width: 22px; border-radius: 3px; }
.over { color: #e8590c; font-weight: 600; }
.ok { color: #2f9e44; }
code { font-size: 12px; white-space: nowrap; }
footer { color: #868e96; font-size: 12px; padding: 8px 32px 24px; }
"""
