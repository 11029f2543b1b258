"""Measuring the checks: `caveat eval` (quality) and `caveat bench` (speed and memory).

One entry point per command: `caveat.evaluation.run.run_eval(...)` returns one `EvalResult` that the command prints
as a table and writes as JSON; `caveat.evaluation.bench.run_bench(...)` returns the speed figures. The modules are
named after what they measure or provide:

- `run`: `run_eval` and `EvalResult`, which parts run and how they are shown;
- `benchmarks`: scoring of the labelled benchmark sets (dev beside test, published figure, majority baseline);
- `data`: readers of the benchmark files, normalised to CHECKLIST.md's scales; `metrics`: the scores;
- `hnr`: HealthNewsReview criteria and the animal seed; `judges`: the pipeline as the judge of a whole text;
- `alignment`: how often a claim is compared with the right abstract sentence;
- `stories`: whole labelled stories with their papers (recall, must-not-flag raised, span overlap);
- `llm`: the language model beside the rules on claim strength; `bench`: speed and memory.

Nothing is imported here, so that reading the metrics does not load the pipeline.
"""
