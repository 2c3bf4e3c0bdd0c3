"""The registry of rule kinds. Kinds are imported only when a rule uses them."""

from __future__ import annotations

import importlib
from typing import Any

from ketlint.kinds.base import Kind, RuleSpec

KIND_MODULES: dict[str, str] = {
    "phrases": "ketlint.kinds.phrases:PhrasesRule",
    "uncited-claim": "ketlint.kinds.uncited_claim:UncitedClaimRule",
    "required-section": "ketlint.kinds.required_section:RequiredSectionRule",
    "readability": "ketlint.kinds.readability:ReadabilityRule",
    "topic-requires": "ketlint.kinds.topic_requires:TopicRequiresRule",
    "citation-reference": "ketlint.kinds.citation_reference:CitationReferenceRule",
    "sentence-pattern": "ketlint.kinds.sentence_pattern:SentencePatternRule",
    "benefit-claims": "ketlint.kinds.benefit_claims:BenefitClaimsRule",
    "disclosure": "ketlint.kinds.disclosure:DisclosureRule",
    "evidence": "ketlint.kinds.evidence:EvidenceRule",
    "citation-mismatch": "ketlint.kinds.citation_mismatch:CitationMismatchRule",
    "source-quality": "ketlint.kinds.source_quality:SourceQualityRule",
    "drug-name": "ketlint.kinds.drug_name:DrugNameRule",
    "unused-suppression": "ketlint.kinds.unused_suppression:UnusedSuppressionRule",
}


def kind_class(name: str) -> type[Kind[Any]]:
    try:
        target = KIND_MODULES[name]
    except KeyError:
        raise KeyError(name) from None
    module_name, class_name = target.split(":")
    module = importlib.import_module(module_name)
    cls: type[Kind[Any]] = getattr(module, class_name)
    return cls


def available_kinds() -> list[str]:
    return sorted(KIND_MODULES)


def build_rule(spec: RuleSpec) -> Kind[Any]:
    return kind_class(spec.kind)(spec)
