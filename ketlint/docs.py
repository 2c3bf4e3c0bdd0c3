"""Rule documentation as text (``ketlint rule ID``, hover) and Markdown (docs/rules.md)."""

from __future__ import annotations

from ketlint.kinds.base import RuleSpec


def render_rule_doc(spec: RuleSpec, markdown: bool = False) -> str:
    """ruff-style sections: what it does, why, example, use instead, standard."""
    docs = spec.docs
    heading = f"## {spec.id}" if markdown else f"{spec.id} ({spec.kind}, {spec.severity.label})"
    lines = [heading, ""]
    if markdown:
        lines += [
            f"Kind: `{spec.kind}` · default severity: {spec.severity.label}"
            + (
                f" · scores HealthNewsReview criterion `{spec.criterion}`" if spec.criterion else ""
            ),
            "",
        ]
    sections = [
        ("What it does", docs.summary),
        ("Why it matters", docs.why),
        ("Example", docs.bad),
        ("Use instead", docs.good),
        ("What it can and cannot judge", docs.limits),
        ("Standard", docs.standard),
        ("Reference", docs.url),
    ]
    for title, body in sections:
        if not body:
            continue
        lines.append(f"### {title}" if markdown else title)
        if title in ("Example", "Use instead"):
            lines.append(f"> {body}" if markdown else f"    {body}")
        else:
            lines.append(body if markdown else "    " + body.replace("\n", "\n    "))
        lines.append("")
    if not markdown:
        lines.append(f"Defined in {spec.source}:{spec.line}")
    return "\n".join(lines).rstrip() + "\n"
