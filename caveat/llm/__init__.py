"""The optional language-model reviewer (any OpenAI-compatible server), off unless configured.

Public: ``review_with_llm`` and its ``LlmResult``; ``llm_configured`` to ask whether it would run.
"""

from caveat.llm.reviewer import LlmResult, llm_configured, review_with_llm

__all__ = ["LlmResult", "llm_configured", "review_with_llm"]
