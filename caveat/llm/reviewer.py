"""The optional language-model reviewer: adds to the rules' flags, never replaces them.

Three tasks, each with its own prompt file: profile the study when the rules could not tell its design or
subjects, judge the chosen article claims against their abstract sentences, and propose rewrites for flags that
have none. Every quote in an answer is verified (``verifier.find_verbatim``); what fails is dropped and counted.
Any failure of the model (timeout, 429/5xx past the retries, invalid JSON, refusal) leaves the caller with the
rules' review and a notice that says what happened, in words that never include the key.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from caveat.core import limits
from caveat.core.errors import CaveatError
from caveat.core.models import (
    SEVERITY_RANK,
    Article,
    Design,
    Evidence,
    Flag,
    Paper,
    Span,
    Stage,
    StudyProfile,
    Subjects,
    Usage,
)
from caveat.core.models import Claim as ClaimRecord
from caveat.core.settings import LlmSettings
from caveat.llm.budget import Budget, cost_usd
from caveat.llm.claims import EVIDENCE_PER_CLAIM, Claim, choose_evidence, claim_record, select_claims
from caveat.llm.client import MAX_OUTPUT_TOKENS, CallOutcome, ModelClient
from caveat.llm.prompt_files import LoadedPrompt, load_prompt
from caveat.llm.schemas import ClaimJudgement, ProfileAnswer, RewriteAnswer
from caveat.llm.verifier import find_verbatim
from caveat.rules.registry import default_severities

MAX_REWRITES = 4
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


class LlmResult(BaseModel):
    """What the model added. ``suggestions`` maps a rules' flag id to a rewrite the model proposed for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    flags: list[Flag] = Field(default_factory=list)
    profile: StudyProfile | None = None
    usage: Usage = Field(default_factory=Usage)
    prompts: dict[str, str] = Field(default_factory=dict)
    notices: list[str] = Field(default_factory=list)
    suggestions: dict[str, str] = Field(default_factory=dict)
    claims: list[ClaimRecord] = Field(default_factory=list)
    """The model's reading of each claim it judged, in the rules' shape (verified like its quotes)."""


def llm_configured(settings: LlmSettings) -> bool:
    return settings.enabled and bool(settings.model.strip())


def review_with_llm(
    article: Article, paper: Paper | None, profile: StudyProfile, rule_flags: list[Flag], settings: LlmSettings
) -> LlmResult:
    """Run the model's tasks for one article; off (no call at all) unless enabled with a model."""
    if not llm_configured(settings):
        return LlmResult()
    if paper is None or not paper.abstract.strip():
        return LlmResult(
            notices=[
                "The language model was not used: it judges claims against the paper's abstract, and none "
                "was found. Paste the abstract to include it."
            ]
        )
    try:
        return _Run(article, paper, profile, rule_flags, settings).execute()
    except Exception as exc:  # the optional reviewer never takes the rules' review down with it
        # Our own errors carry a line written for the editor; anything else may quote a server, so only its class.
        detail = f": {exc}" if isinstance(exc, CaveatError) else ""
        return LlmResult(
            usage=Usage(model=settings.model),
            notices=[f"The language-model review failed ({type(exc).__name__}{detail}); the rules' review stands."],
        )


class _Run:
    """One review's model work: shared budget, counters and notices."""

    def __init__(
        self, article: Article, paper: Paper, profile: StudyProfile, rule_flags: list[Flag], settings: LlmSettings
    ) -> None:
        self.article, self.paper, self.profile, self.rule_flags = article, paper, profile, rule_flags
        self.settings = settings
        self.budget = Budget(settings)
        self.client = ModelClient(settings, self.budget, deadline=time.monotonic() + settings.deadline_s)
        self.prompts: dict[str, str] = {}
        self.notices: list[str] = []
        self.problems: list[str] = []
        self.dropped_quotes = 0
        self.unknown_checks = 0
        self.rejected_rewrites = 0
        self.dropped_findings = 0
        self.unread: Counter[str] = Counter()
        """Calls that the pass's deadline stopped or came before, by prompt name."""
        self.asked: Counter[str] = Counter()
        self.claims: list[ClaimRecord] = []
        self._tally = threading.Lock()

    def execute(self) -> LlmResult:
        try:
            new_profile = self._profile_task()
            flags = self._judge_task(new_profile or self.profile)
            flags, suggestions = self._rewrite_task(flags, new_profile or self.profile)
        finally:
            self.client.close()
        self._summarise()
        usage = Usage(
            model=self.settings.model,
            prompt_tokens=self.budget.prompt_tokens,
            completion_tokens=self.budget.completion_tokens,
            cost_usd=round(self.budget.spent_usd, 6),
            calls=self.budget.calls,
            dropped_quotes=self.dropped_quotes,
        )
        return LlmResult(
            flags=flags,
            profile=new_profile,
            usage=usage,
            prompts=self.prompts,
            notices=self.notices,
            suggestions=suggestions,
            claims=self.claims,
        )

    def _summarise(self) -> None:
        """One notice per kind of thing that went wrong or was dropped, with counts, in our own words."""
        if self.unread:
            self.notices.append(self._deadline_notice())
        if self.problems:
            reasons = "; ".join(sorted(set(self.problems)))
            self.notices.append(
                f"{len(self.problems)} language-model call(s) failed ({reasons}); "
                "those parts keep the rules' findings only."
            )
        if self.dropped_findings:
            self.notices.append(
                f"{self.dropped_findings} language-model finding(s) past the {limits.MODEL_FINDINGS} kept per "
                "answer were dropped."
            )
        if self.dropped_quotes:
            self.notices.append(
                f"{self.dropped_quotes} language-model finding(s) quoted words that are not in the text and "
                "were discarded."
            )
        if self.unknown_checks:
            self.notices.append(
                f"{self.unknown_checks} language-model finding(s) used an unknown check id and were discarded."
            )
        if self.rejected_rewrites:
            self.notices.append(
                f"{self.rejected_rewrites} proposed rewrite(s) added numbers that the study does "
                "not give and were discarded."
            )

    def _deadline_notice(self) -> str:
        """What the pass did not read because its time ran out, task by task."""
        parts = []
        if self.unread["profile_study"]:
            parts.append("the study profile was not read")
        if self.unread["judge_claims"]:
            parts.append(f"{self.unread['judge_claims']} of {self.asked['judge_claims']} claim(s) were not judged")
        if self.unread["rewrite_flag"]:
            parts.append(f"{self.unread['rewrite_flag']} of {self.asked['rewrite_flag']} rewrite(s) were not written")
        return (
            f"The language-model pass stopped at its {self.settings.deadline_s:g} s limit "
            f"(CAVEAT_LLM__DEADLINE_S): {'; '.join(parts)}. The rules' findings stand for those parts."
        )

    # -- shared ------------------------------------------------------------------------------------------
    def _call(self, prompt: LoadedPrompt, messages: list[tuple[str, str]], schema: type[BaseModel]) -> CallOutcome:
        outcome = self.client.call(prompt, messages, schema)
        with self._tally:  # calls run in the pool's threads
            self.asked[prompt.name] += 1
            if outcome.late:
                self.unread[prompt.name] += 1
            elif outcome.problem and not outcome.skipped:
                self.problems.append(outcome.problem)
            if not outcome.skipped:
                self.prompts[prompt.name] = prompt.version
            self.dropped_findings += outcome.dropped_findings
        return outcome

    def _plan(self, requests: list[list[tuple[str, str]]]) -> list[int]:
        """Indexes of the requests (in priority order) whose worst case fits what the article may still spend."""
        remaining = self.settings.max_cost_usd - self.budget.spent_usd
        chosen: list[int] = []
        for index, messages in enumerate(requests):
            tokens = self.client.measure(messages)
            if not self.budget.fits_context(tokens, MAX_OUTPUT_TOKENS):
                continue
            worst = cost_usd(tokens, MAX_OUTPUT_TOKENS, self.settings)
            if worst <= remaining + 1e-12:  # float drift over many small costs
                chosen.append(index)
                remaining -= worst
        return chosen

    def _run_all(
        self, prompt: LoadedPrompt, requests: list[list[tuple[str, str]]], schema: type[BaseModel]
    ) -> list[CallOutcome]:
        with ThreadPoolExecutor(max_workers=self.settings.concurrency, thread_name_prefix="caveat-llm") as pool:
            return list(pool.map(lambda messages: self._call(prompt, messages, schema), requests))

    # -- (a) profile -------------------------------------------------------------------------------------
    def _profile_task(self) -> StudyProfile | None:
        if self.profile.design != "unknown" and self.profile.subjects != "unknown":
            return None
        prompt = load_prompt("profile_study")
        messages = prompt.render(title=self.paper.title or "(no title)", abstract=self.paper.abstract)
        if not self._plan([messages]):
            self.notices.append(
                "The study profile was not sent to the language model: it would exceed the "
                "cost limit or context window."
            )
            return None
        outcome = self._call(prompt, messages, ProfileAnswer)
        if not isinstance(outcome.parsed, ProfileAnswer):
            return None
        return self._merge_profile(outcome.parsed)

    def _merge_profile(self, answer: ProfileAnswer) -> StudyProfile | None:
        """Fill only what the rules left unknown, each with the verified abstract sentence as evidence."""
        if not answer.evidence_quote.strip():
            return None  # the model found nothing to go on: not a broken quote
        quote = find_verbatim(answer.evidence_quote, self.paper.abstract)
        if quote is None:
            self.dropped_quotes += 1
            return None
        evidence = Evidence(
            kind="abstract", start=quote.start, end=quote.end, text=quote.text, note="chosen by the language model"
        )
        rules = self.profile
        updates: dict[str, object] = {}
        design = answer.design.strip().lower()
        if rules.design == "unknown" and design in get_args(Design) and design != "unknown":
            updates |= {"design": design, "design_evidence": evidence}
        subjects = answer.subjects.strip().lower()
        if rules.subjects == "unknown" and subjects in get_args(Subjects) and subjects != "unknown":
            updates |= {"subjects": subjects, "subjects_evidence": evidence}
            if not rules.species and subjects == "animals":
                updates["species"] = [s.strip().lower() for s in answer.species if s.strip()]
        if rules.sample_size is None and answer.sample_size and answer.sample_size in _numbers(self.paper.abstract):
            updates |= {"sample_size": answer.sample_size, "sample_evidence": evidence}
        stage = answer.stage.strip().lower()
        if rules.stage == "unknown" and stage in get_args(Stage) and stage != "unknown":
            updates |= {"stage": stage, "stage_evidence": evidence}
        if not updates:
            return None
        return rules.model_copy(update={**updates, "engine": "rules+llm"})

    # -- (b) judge claims --------------------------------------------------------------------------------
    def _judge_task(self, profile: StudyProfile) -> list[Flag]:
        claims = select_claims(self.article, self.paper.abstract, self.rule_flags)
        if not claims:
            return []
        prompt = load_prompt("judge_claims")
        requests = [self._fitted_judge_messages(prompt, claim, profile) for claim in claims]
        chosen = self._plan(requests)
        if len(chosen) < len(claims):
            self.notices.append(
                f"The language model judged {len(chosen)} of {len(claims)} candidate claims: the others would "
                f"have gone past the ${self.settings.max_cost_usd:g} cost limit per article or the context "
                "window. The rules still cover every sentence."
            )
        outcomes = self._run_all(prompt, [requests[i] for i in chosen], ClaimJudgement)
        flags: dict[str, Flag] = {}
        for index, outcome in zip(chosen, outcomes, strict=True):
            if isinstance(outcome.parsed, ClaimJudgement):
                record, dropped = claim_record(outcome.parsed, claims[index], self.article, self.paper, profile)
                self.claims.append(record)
                self.dropped_quotes += dropped
                for flag in self._flags_from(outcome.parsed, claims[index]):
                    if flag.id not in flags or flags[flag.id].confidence < flag.confidence:
                        flags[flag.id] = flag
        return sorted(flags.values(), key=lambda f: (f.article_span.start, f.check))

    def _fitted_judge_messages(
        self, prompt: LoadedPrompt, claim: Claim, profile: StudyProfile
    ) -> list[tuple[str, str]]:
        """The request with as many evidence sentences (best first) as the context window takes, at least one."""
        for k in range(EVIDENCE_PER_CLAIM, 0, -1):
            messages = self._judge_messages(prompt, claim, profile, k)
            if self.budget.fits_context(self.client.measure(messages), MAX_OUTPUT_TOKENS):
                break
        return messages

    def _judge_messages(
        self, prompt: LoadedPrompt, claim: Claim, profile: StudyProfile, k: int
    ) -> list[tuple[str, str]]:
        evidence = choose_evidence(claim.span, self.paper, k)
        conclusions = " ".join(c.span.text for c in profile.conclusions) or "(not identified)"
        return prompt.render(
            design=profile.design,
            subjects=", ".join([profile.subjects, *profile.species]),
            peer_review=profile.peer_review,
            conclusion_strength=str(profile.conclusion_strength if profile.conclusion_strength is not None else "?"),
            conclusions=conclusions,
            headline=self.article.headline or "(none)",
            claim=claim.span.text,
            evidence="\n".join(f"{n}. {span.text}" for n, span in enumerate(evidence, 1)),
        )

    def _flags_from(self, judgement: ClaimJudgement, claim: Claim) -> list[Flag]:
        flags: list[Flag] = []
        defaults = default_severities()  # the declared ids, each with the severity used when the model gives none
        for finding in judgement.findings:
            check = finding.check.strip().lower()
            if check not in defaults:
                self.unknown_checks += 1
                continue
            span = find_verbatim(finding.article_quote, self.article.text, within=(claim.span.start, claim.span.end))
            abstract_span: Span | None = None
            if finding.abstract_quote.strip():
                abstract_span = find_verbatim(finding.abstract_quote, self.paper.abstract)
            if span is None or (finding.abstract_quote.strip() and abstract_span is None):
                self.dropped_quotes += 1
                continue
            evidence = []
            if abstract_span is not None:
                note = f"quoted by the language model; {judgement.spin.strip()}".rstrip("; ")
                evidence.append(
                    Evidence(
                        kind="abstract",
                        start=abstract_span.start,
                        end=abstract_span.end,
                        text=abstract_span.text,
                        note=note[:500],
                    )
                )
            severity = finding.severity.strip().lower()
            flags.append(
                Flag(
                    id=f"{check}:{span.start}-{span.end}",
                    check=check,  # type: ignore[arg-type]  # a declared check id, checked above
                    severity=severity if severity in SEVERITY_RANK else defaults[check],  # type: ignore[arg-type]  # checked against the rank table: a Severity
                    message=finding.message.strip() or f"The language model flags this for {check}.",
                    article_span=span,
                    evidence=evidence,
                    suggestion=finding.suggestion.strip(),
                    engine="llm",
                    confidence=min(1.0, max(0.0, finding.confidence)),
                )
            )
        return flags

    # -- (c) rewrites ------------------------------------------------------------------------------------
    def _rewrite_task(self, flags: list[Flag], profile: StudyProfile) -> tuple[list[Flag], dict[str, str]]:
        """Ask for rewrites of flags that have none (the model's and the rules'), most severe first."""
        targets = [f for f in [*flags, *self.rule_flags] if not f.suggestion]
        targets.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.article_span.start))
        targets = targets[:MAX_REWRITES]
        if not targets:
            return flags, {}
        prompt = load_prompt("rewrite_flag")
        requests = [self._rewrite_messages(prompt, flag, profile) for flag in targets]
        chosen = self._plan(requests)
        if len(chosen) < len(targets):
            self.notices.append(
                f"{len(targets) - len(chosen)} rewrite(s) were not asked of the language model: the cost limit "
                "per article was reached."
            )
        outcomes = self._run_all(prompt, [requests[i] for i in chosen], RewriteAnswer)
        rewrites: dict[str, str] = {}
        for index, outcome in zip(chosen, outcomes, strict=True):
            flag = targets[index]
            if isinstance(outcome.parsed, RewriteAnswer) and self._faithful(outcome.parsed.rewrite, requests[index]):
                rewrites[flag.id] = outcome.parsed.rewrite.strip()
        llm_ids = {f.id for f in flags}
        updated = [f.model_copy(update={"suggestion": rewrites[f.id]}) if f.id in rewrites else f for f in flags]
        return updated, {k: v for k, v in rewrites.items() if k not in llm_ids}

    def _rewrite_messages(self, prompt: LoadedPrompt, flag: Flag, profile: StudyProfile) -> list[tuple[str, str]]:
        sentence = self._sentence_around(flag.article_span)
        evidence = [e.text for e in flag.evidence if e.kind == "abstract"] or [
            s.text for s in choose_evidence(sentence, self.paper)
        ]
        return prompt.render(
            check=flag.check,
            message=flag.message,
            design=profile.design,
            subjects=", ".join([profile.subjects, *profile.species]),
            sentence=sentence.text,
            evidence="\n".join(f"- {text}" for text in evidence),
        )

    def _sentence_around(self, span: Span) -> Span:
        for sentence in self.article.sentences:
            if sentence.start <= span.start and span.end <= sentence.end:
                return Span(start=sentence.start, end=sentence.end, text=sentence.text)
        return span

    def _faithful(self, rewrite: str, messages: list[tuple[str, str]]) -> bool:
        """A rewrite may not bring in numbers that neither the sentence nor the evidence contains."""
        if not rewrite.strip():
            return False
        allowed = _numbers(messages[-1][1])
        if not _numbers(rewrite) <= allowed:
            self.rejected_rewrites += 1
            return False
        return True


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in _NUMBER.findall(text) if n.replace(",", "").replace(".", "")}
