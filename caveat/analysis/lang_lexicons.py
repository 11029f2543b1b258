"""Cue lexicons for caveat.analysis.language, kept apart from the logic so that tuning them is a one-file diff.

The words were chosen by reading how science writing states findings (and checked against the dev splits of
the benchmarks that `caveat eval` scores); they are not learnt weights. Each pattern is a regex fragment; the
logic module compiles them once.
"""

from __future__ import annotations

CAUSAL_STEMS: tuple[str, ...] = (
    # verb stems whose inflections state that one thing changes another
    "reduc",
    "increas",
    "decreas",
    "improv",
    "prevent",
    "caus",
    "lower",
    "rais",
    "boost",
    "cut",
    "enhanc",
    "impair",
    "promot",
    "induc",
    "inhibit",
    "suppress",
    "attenuat",
    "ameliorat",
    "worsen",
    "exacerbat",
    "alleviat",
    "relieve",
    "trigger",
    "protect",
    "modulat",
    "alter",
    "affect",
    "influenc",
    "contribut",
    "delay",
    "slow",
    "accelerat",
    "restor",
    "stimulat",
    "block",
    "mitigat",
    "minimi[sz]",
    "strengthen",
    "weaken",
    "extend",
    "shorten",
    "halt",
    "obviat",
    "revers",
    "eliminat",
    "facilitat",
    "counteract",
    "harm",
    "damag",
    "kill",
    "cure",
    "heal",
    "fight",
    "combat",
    "curb",
    "stop",
    "spur",
    "fuel",
    "drive",
    "shrink",
    "halv",
    "doubl",
    "tripl",
    "speed",
    "sharpen",
    "eas",
    "lessen",
    "deplet",
    "elevat",
    "diminish",
    "aggravat",
    "augment",
    "potentiat",
    "benefit",
    "help",
    "predispos",
    "hinder",
    "impact",
    "disrupt",
    "lengthen",
    "optimi[sz]",
    "regulat",
    "activat",
    "deactivat",
    "sav(?=e|es|ed|ing)",
    "shap(?=e|es|ed|ing)",
)
"""Stems; the logic adds the endings (-e, -es, -ed, -ing, -s) so 'reduc' covers reduce/reduces/reduced/reducing."""

CAUSAL_PHRASES: tuple[str, ...] = (
    r"lead(?:s|ing)?\s+to",
    r"led\s+to",
    r"result(?:s|ed|ing)?\s+in",
    r"gives?\s+rise\s+to",
    r"responsible\s+for",
    r"(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:effective|efficacious|beneficial|protective|harmful|detrimental)",
    r"effective(?:ly)?\s+(?:in|for|at|against)",
    r"efficacy\s+(?:of|in|for)",
    r"effects?\s+(?:of|on)",
    r"impacts?\s+on",
    r"influence\s+on",
    r"had\s+(?:a|an|no)\s+(?:\w+\s+){0,2}(?:effect|impact|influence|benefit)",
    r"has\s+(?:a|an|no)\s+(?:\w+\s+){0,2}(?:effect|impact|influence|benefit)",
    r"have\s+(?:a|an|no)\s+(?:\w+\s+){0,2}(?:effect|impact|influence|benefit)",
    r"plays?\s+(?:a|an)\s+(?:\w+\s+){0,2}role",
    r"played\s+(?:a|an)\s+(?:\w+\s+){0,2}role",
    r"due\s+to",
    r"because\s+of",
    r"attributable\s+to",
    r"makes?\s+(?:\w+\s+){0,2}(?:more|less|better|worse)",
    r"is\s+(?:key|crucial|essential|critical)\s+(?:to|for)",
    r"(?:keeps?|kept)\s+\w+\s+from",
    r"protect(?:s|ed)?\s+against",
    r"pose[sd]?\s+(?:a\s+)?(?:\w+\s+)?(?:risk|threat|danger|hazard)s?",
    r"holds?\s+the\s+key",
    r"(?:is|are)\s+(?:the\s+)?key\s+to",
    r"effective",
    r"effectiveness",
    r"efficacious",
    r"protective(?!\s+factors?)",
    r"involved\s+in",
    r"contributions?\s+to",
    r"(?:driven|caused|induced|mediated|explained)\s+by",
    r"beneficial",
    r"benefits?\s+(?:of|from|for)",
    r"no\s+benefit",
    r"(?:key|important|major|central|causal)\s+role",
    r"mediat(?:e|es|ed|ing)",
    r"(?<!side\s)(?<!adverse\s)effects?",
    r"benefits?",
    r"(?:arises?|arose)\s+(?:\w+\s+){0,3}(?:from|as\s+a\s+result)",
    r"(?:was|were)\s+able\s+to\s+\w+",
    r"can\s+(?:\w+ly\s+)?(?:produce|achieve|provide|maintain)",
    r"produc(?:e|es|ed)\s+(?:\w+\s+){0,2}(?:increase|decrease|reduction|improvement|benefit|change|weight\s+loss)",
    r"translat(?:e|es|ed)\s+(?:in)?to",
)
"""Phrases that state causation on their own (effect, role, responsibility)."""

CONDITIONAL_MARKERS: tuple[str, ...] = (
    r"may",
    r"can",
    r"might",
    r"could",
    r"would",
    r"appears?\s+to",
    r"appeared\s+to",
    r"seems?\s+to",
    r"seemed\s+to",
    r"(?:is|are)\s+(?:\w+ly\s+)?likely\s+to",
    r"possibly",
    r"potentially",
    r"perhaps",
    r"probably",
    r"presumably",
    r"(?:has|have|had|with|shows?|showed)\s+(?:the\s+|a\s+)?potential\s+to",
    r"likely",
    r"is\s+thought\s+to",
    r"are\s+thought\s+to",
)
"""Words that turn a causal statement into a conditional one (CHECKLIST strength 2). 'can' is here: 'X can
reduce Y' says what is possible, not what happens, and the press-release pairs grade it conditional."""

SENTENCE_MODALS: tuple[str, ...] = ("may", "might", "could")
"""Modals that hedge a whole sentence's causal claim wherever they stand in it."""

CONDITIONAL_VERB_EXTRA: tuple[str, ...] = (
    r"be\s+(?:\w+ly\s+)?(?:effective|beneficial|protective|harmful|detrimental|responsible|useful\s+(?:for|in|to)\s+"
    r"(?:prevent|reduc|treat|improv|manag|lower|protect|slow|delay|control))",
    r"be\s+(?:\w+\s+){0,2}(?:reduced|improved|prevented|caused|increased|decreased|delayed|enhanced|lowered|"
    r"modified|mitigated|avoided|alleviated|reversed|treated|explained)",
    r"be\s+due\s+to",
    r"be\s+(?:a|the)\s+(?:\w+\s+){0,2}cause",
    r"explain",
    r"offer\s+(?:\w+\s+)?(?:protection|benefit)",
    r"have\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:effect|impact|influence|role|benefit)",
    r"play\s+(?:a|an)\s+(?:\w+\s+){0,2}role",
    r"serve\s+as\s+(?:a|an)\s+(?:\w+\s+)?(?:treatment|therapy|therapeutic)",
    r"help",
    r"benefit",
    r"work",
    r"(?:more\s+|less\s+)?(?:effective|cost-effective|beneficial|helpful|useful|promising|responsible|protective|harmful|"
    r"detrimental|sufficient|involved|crucial|valuable)",
    r"prove\s+(?:useful|helpful|effective|beneficial)",
    r"(?:the\s+|a\s+)?key\s+to",
    r"result\s+from",
    r"result\s+in",
    r"lead\s+to",
    r"give\s+rise\s+to",
    r"derive",
    r"yield",
    r"produce",
    r"involve",
    r"(?:the\s+)?(?:result|consequence|cause)\s+of",
    r"mediate",
    r"modif(?:y|ying)",
    r"be\s+used\s+(?:\w+\s+){0,4}to\s+(?:improve|reduce|prevent|treat|lower|increase|tackle|manage)",
    r"(?:\w+\s+){0,2}effects?",
)
"""Besides the causal stems, what may follow a conditional marker to make a conditional causal claim."""

CORRELATIONAL: tuple[str, ...] = (
    r"associated\s+(?:\w+ly\s+)?(?:with|to)",
    r"(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?associated",
    r"associations?",
    r"associates?",
    r"correlat(?:e|es|ed|ing|ion|ions)",
    r"(?:linked|related|tied|connected)\s+(?:to|with)",
    r"relation\s+(?:was|is)",
    r"inverse(?:ly)?\s+relat\w*",
    r"indicative\s+of",
    r"prognostic",
    r"susceptib\w*",
    r"tendency",
    r"links?\s+(?:between|with)",
    r"connections?\s+between",
    r"indicators?\s+(?:of|for)",
    r"linking",
    r"linked\s+(?:to|with)",
    r"relationships?\s+(?:between|with|of)",
    r"relation\s+(?:between|to|with)",
    r"(?:is|are|was|were|be|been|being|as|represents?|remains?|constitutes?)\s+(?:(?:a|an|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}risk\s+factors?",
    r"risk\s+factors?\s+(?:for|of|identified|were|are|was|is|included|associated)",
    r"(?:important|independent|significant|main|major|key|strong|modifiable|potential|common|novel|new)\s+risk\s+factors?",
    r"protective\s+factors?",
    r"predict(?:s|ed|ing|ive|ion|or|ors)?",
    r"(?:more|less)\s+likely",
    r"odds",
    r"hazard\s+ratio",
    r"marker\s+(?:of|for)",
    r"markers\s+(?:of|for)",
    r"biomarkers?\s+(?:of|for)",
    r"co-?occur\w*",
    r"tend(?:s|ed)?\s+to",
    r"go(?:es)?\s+hand\s+in\s+hand",
)
"""Statements that two things vary together (strength 1), which outrank incidental causal verbs."""

COMPARISON: tuple[str, ...] = (
    r"(?:higher|lower|greater|smaller|larger|fewer|more|less|better|worse|longer|shorter|poorer|stronger|weaker|"
    r"younger|older|earlier|later)\s+(?:[\w-]+\s+){0,6}(?:than|in|among|compared|versus|vs)"
    r"(?!\s+(?:\d|half|one|two|three|four|five|ten|twice|double|a\s+(?:third|quarter|half|decade|year|month|week)))",
    r"compared?\s+(?:with|to)",
    r"similar\s+(?:in|between|among|across|regardless|irrespective)",
    r"(?:had|have|has|showed|show|exhibited|displayed)\s+(?:a\s+|an\s+)?(?:\w+ly\s+)?(?:higher|lower|decreased|"
    r"increased|reduced|greater|better|worse|poorer|smaller|larger|elevated|diminished)",
    r"in\s+comparison\s+(?:with|to)",
    r"differ(?:s|ed|ence|ences|ent)?\s+(?:\w+\s+){0,3}(?:between|from|among|in|by)",
    r"(?:no|significant)\s+(?:\w+\s+)?differences?",
    r"(?:increased|decreased|reduced|elevated|higher|lower|greater|impaired|improved|diminished)\s+"
    r"(?:\w+\s+){0,3}(?:in|among)\s+(?:patients|children|women|men|subjects|participants|individuals|people|those|"
    r"adults|infants|girls|boys|users|cases|smokers|the)",
    r"(?:was|were|is|are)\s+(?:\w+ly\s+)?(?:increased|decreased|reduced|elevated|diminished|higher|lower|impaired)"
    r"(?!\s+by)",
    r"vary\s+(?:by|with|across|according)",
    r"varies\s+(?:by|with|across|according)",
    r"depend(?:s|ed|ent)?\s+on",
    r"prone\s+to",
    r"at\s+(?:\w+\s+)?(?:higher|increased|greater|lower|reduced|high|low|greatest|highest|elevated)\s+risk",
    r"(?:increased|decreased|reduced|elevated|higher|lower|greater|excess)\s+(?:\w+\s+)?"
    r"(?:risks?|prevalence|incidence|rates?|levels?|odds|frequency|likelihood|mortality|concentrations?)",
    r"(?:increase|decrease|reduction|improvement|rise|decline|fall|drop|gain|loss|change|deterioration)s?\s+"
    r"(?:\w+\s+)?(?:in|of)",
    r"(?:highly|more|less)\s+prevalent",
)
"""Group comparisons, which the benchmarks count as correlational when no causal verb is used."""

NOT_A_CLAIM: tuple[str, ...] = (
    r"should",
    r"must",
    r"ought\s+to",
    r"need(?:s|ed)?\s+to\s+be",
    r"(?:is|are)\s+needed",
    r"(?:is|are)\s+warranted",
    r"warrants?",
    r"(?:we|i)\s+recommend",
    r"recommended",
    r"further\s+(?:research|studies|study|trials|investigation|work|assessment|elucidation|evaluation)",
    r"needs?\s+(?:long-term|further|more)",
    r"requires?\s+(?:further|more|additional)",
    r"(?:is|are)\s+(?:required|necessary)\s+(?:for|to)",
    r"support\s+the\s+use\s+of",
    r"future\s+(?:research|studies|study|trials|investigation|work)",
    r"more\s+(?:research|studies|trials)\s+(?:is|are)",
    r"(?:aim|aims|aimed|objective|purpose)\s+(?:of|was|is|to)",
    r"we\s+(?:investigated|examined|evaluated|assessed|explored|studied|sought|aimed)",
    r"(?:this|the\s+present|our)\s+study\s+(?:investigated|examined|evaluated|assessed|explored|aimed)",
)
"""Advice, calls for research and statements of aim: the benchmarks label these 0 whatever verbs they hold."""

ADJECTIVE_CONTEXT: tuple[str, ...] = (
    "to",
    "with",
    "a",
    "an",
    "the",
    "of",
    "in",
    "or",
    "for",
    "by",
    "no",
    "any",
    "its",
    "their",
    "his",
    "her",
    "our",
    "showed",
    "show",
    "shows",
    "had",
    "exhibited",
    "displayed",
    "demonstrated",
    "observed",
    "found",
    "revealed",
    "experienced",
    "developed",
    "reported",
    "identified",
    "despite",
    "from",
    "among",
    "at",
    "on",
    "as",
    "more",
    "less",
    "such",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "small",
    "smaller",
    "large",
    "larger",
    "greater",
    "modest",
    "slight",
    "marked",
    "substantial",
    "overall",
    "similar",
)
"""Words after which an -ed/-ing cue word is an adjective or noun ("showed reduced uptake", "to lower risk")."""

RESEARCH_ADVICE: tuple[str, ...] = (
    r"(?:further|future|more|additional|larger|prospective|randomi[sz]ed|longitudinal|well-designed|controlled|"
    r"multicent(?:er|re)|confirmatory|long-term)\s+(?:\w+\s+){0,2}(?:research|studies|study|trials?|investigations?|"
    r"work|evaluations?|analys[ie]s|follow-up|exploration|validation|cohorts?|data)",
    r"(?:research|studies|investigation|trials)\s+(?:is|are)\s+(?:\w+ly\s+)?(?:needed|required|warranted|necessary)",
    r"(?:should|must|needs?\s+to|ought\s+to)\s+(?:also\s+|further\s+|more\s+|first\s+)?(?:\w+ly\s+)?(?:be\s+)?"
    r"(?:(?:further|more)\s+)?(?:investigated|explored|examined|studied|confirmed|validated|replicated|elucidated|"
    r"clarified|interpreted|estimated|understood|investigate|explore|examine|study|confirm|validate|replicate|"
    r"elucidate|clarify|understand|determine|reconsidered|considered\s+preliminary|focus\s+on)",
    r"(?:trials?|studies|research|investigations?)\s+(?:\w+\s+){0,5}(?:is|are)\s+(?:\w+ly\s+)?(?:needed|required|"
    r"warranted|necessary)",
    r"(?:results|findings|data|conclusions)\s+should\s+be",
    r"warrants?\s+(?:further|more|additional)",
)
"""Advice to researchers, which is not health advice: the advice benchmark labels it 0."""

STRONG_ADVICE: tuple[str, ...] = (
    r"should",
    r"must",
    r"ought\s+to",
    r"(?:we|i)\s+(?:strongly\s+)?(?:recommend|advise|suggest\s+that\s+\w+\s+should)",
    r"(?:is|are)\s+(?:\w+ly\s+)?(?:recommended|advised|advisable|mandatory|indicated|essential|imperative)",
    r"recommendations?",
    r"recommended",
    r"needs?\s+to",
    r"(?:is|are)\s+(?:\w+ly\s+)?(?:necessary|required|needed)\s+(?:to|for|in)",
    r"(?:is|are)\s+(?:not\s+)?(?:\w+ly\s+)?(?:contraindicated|discouraged)",
    r"(?:do|does)\s+not\s+(?:require|need)",
    r"(?:avoid|encourage|consider)\s+(?:the\s+)?(?:use|using|routine)",
    r"it\s+is\s+(?:\w+ly\s+)?(?:important|essential|crucial|critical|vital|necessary|advisable)\s+(?:to|that)\s+"
    r"(?:\w+\s+){0,3}(?:screen|monitor|treat|use|avoid|consider|offer|assess|check|prescribe|start|stop|adjust)",
    r"(?:first|second)[- ]line",
    r"(?:the|a|an|urgent|clear|due|pressing)\s+need\s+(?:for|to)",
    r"necessity",
    r"(?:is|are)\s+(?:\w+ly\s+)?(?:critical|crucial|essential|vital|imperative)\s+(?:to|for|in)",
    r"(?:particular|special|careful|close)\s+(?:attention|care|caution|surveillance|monitoring)",
    r"warrant(?:s|ing)?\s+(?:\w+\s+)?(?:attention|surveillance|caution|monitoring|screening|consideration)",
    r"(?:is|are)\s+not\s+(?:\w+ly\s+)?(?:necessary|needed|required|warranted)",
    r"requires?\s+(?:\w+\s+)?(?:specific|particular|careful|close|appropriate|special)",
    r"standard\s+of\s+care",
)
"""Plain instructions: should, must, recommend, is required, needs to."""

WEAK_ADVICE: tuple[str, ...] = (
    r"(?:can|could|may|might)\s+(?:\w+ly\s+|also\s+|then\s+|therefore\s+|thus\s+)?be\s+(?:\w+ly\s+)?(?:used|considered|"
    r"recommended|offered|employed|applied|adopted|implemented|introduced|prescribed|administered|performed|given|"
    r"incorporated|included|utili[sz]ed|integrated|suggested|preferred|chosen|tried|advocated|reserved|avoided|"
    r"omitted|continued|discontinued|screened|targeted|monitored|explored\s+as|regarded\s+as)",
    r"(?:can|could|may|might)\s+(?:\w+ly\s+|also\s+)?be\s+(?:\w+\s+)?(?:useful|helpful|beneficial|valuable|worthwhile|"
    r"appropriate|advisable|preferable|reasonable|justified|an?\s)",
    r"(?:may|might|could|can)\s+(?:\w+ly\s+|also\s+|further\s+)?(?:help|aid|assist|guide|inform|support|facilitate|"
    r"allow|enable|benefit|improve\s+(?:the\s+)?(?:management|care|outcomes|decision))",
    r"(?:viable|safe|effective|efficient|feasible|reasonable|acceptable|attractive|useful|valuable|promising|"
    r"preferable|preferred|good|appropriate|suitable|cost-effective|better|important|excellent|reliable|simple|"
    r"practical|alternative|potential|optimal|superior|helpful|beneficial|ideal|adequate|valid|convenient)\s+"
    r"(?:[\w-]+\s+){0,2}(?:option|alternative|choice|tool|approach|strategy|treatment|therapy|method|procedure|"
    r"modality|target|intervention|candidate|technique|adjunct|instrument|measure|test|modalit(?:y|ies))s?",
    r"supports?\s+(?:the\s+)?(?:\w+\s+)?(?:use|implementation|adoption|utility|consideration|recommendation|role|"
    r"introduction|inclusion|application)",
    r"(?:is|are|it\s+is)\s+(?:\w+ly\s+)?(?:important|worthwhile|reasonable|prudent|advisable|beneficial|useful)\s+to",
    r"potential\s+to\s+be\s+used",
    r"(?:has|have)\s+(?:\w+\s+)?(?:clinical\s+)?(?:utility|value|potential|promise)\s+(?:in|for|as)",
    r"(?:not|no\s+longer)\s+(?:a\s+)?(?:\w+\s+)?(?:reliable|recommended|suitable|appropriate|useful)",
    r"cannot\s+(?:\w+\s+)?(?:replace|substitute|be\s+recommended)",
    r"(?:worth|merits?)\s+(?:considering|consideration)",
    r"consider(?:ing|ation)?",
    r"(?:is|are)\s+(?:\w+\s+){0,2}(?:feasible|useful|helpful|valuable)",
    r"importance\s+of",
    r"support\s+(?:for|that)",
    r"(?:may|might|could)\s+(?:not\s+)?be\s+(?:\w+\s+)?(?:necessary|optimal|important|of\s+(?:\w+\s+)?(?:value|"
    r"importance|benefit|use|help))",
    r"(?:is|are)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:alternative|option)",
    r"(?:helpful|useful)\s+(?:\w+\s+)?(?:in|for|to|as)",
    r"(?:may|might|could)\s+(?:wish|want)\s+to",
)
"""Hedged suggestions for practice: can be used, may help clinicians, a viable option, supports the use of."""

IMPERATIVE_VERBS: tuple[str, ...] = (
    "eat",
    "take",
    "avoid",
    "stop",
    "drink",
    "try",
    "start",
    "cut",
    "limit",
    "get",
    "make",
    "keep",
    "skip",
    "swap",
    "add",
    "choose",
    "switch",
    "ask",
    "talk",
    "see",
    "check",
    "exercise",
    "walk",
    "sleep",
    "reduce",
    "increase",
    "quit",
    "use",
    "wear",
    "go",
    "do",
    "don't",
    "never",
    "always",
    "remember",
    "consider",
)
"""Verbs that, opening a sentence, tell the reader to act ("Eat more fibre.")."""

CERTAINTY_BASE = 4.85
"""Score of a plain finding with no cue either way (Pei & Jurgens' findings average about 4.5 of 6)."""

CERTAINTY_CUES: tuple[tuple[str, float], ...] = (
    # calls for more research and open questions: the finding is explicitly not settled
    (r"(?:further|more|additional|future)\s+(?:\w+\s+)?(?:research|studies|study|work|investigation)", -2.6),
    (
        r"(?:research|studies|study|investigation)\s+(?:is|are)\s+(?:\w+\s+)?(?:needed|required|warranted|necessary)",
        -2.0,
    ),
    (r"(?:not|never)\s+(?:yet\s+|entirely\s+|fully\s+)?(?:clear|known|understood|certain)", -2.5),
    (r"unclear|uncertain|unknown|remains?\s+to\s+be|much\s+to\s+learn|gaps?\s+in\s+(?:our\s+)?knowledge", -2.0),
    (r"not\s+enough\s+evidence|insufficient\s+evidence|cannot\s+(?:\w+\s+)?(?:say|tell|conclude|determine)", -2.0),
    # modal hedges
    (r"may", -1.7),
    (r"might", -2.0),
    (r"could", -0.8),
    (r"would", -0.5),
    (r"can", -0.3),
    # hedging verbs, adverbs and adjectives
    (r"possibl[ey]|possibility", -0.6),
    (r"potential(?:ly)?", -0.8),
    (r"suggest(?:s|ed|ing)?", -0.6),
    (r"(?:appears?|appeared|seems?|seemed)\s+to", -0.8),
    (r"(?<!more\s)(?<!less\s)likely", -0.5),
    (r"probabl[ey]|perhaps|presumably|conceivabl[ey]", -1.0),
    (r"linked", -0.5),
    (r"some", -0.5),
    (r"approximately|about|around|roughly|estimat\w*", -0.4),
    (r"if", -0.5),
    (r"thought|assum\w*|expect\w*|hypothesi[sz]\w*|speculat\w*|believe[sd]?", -0.6),
    (r"tends?\s+to|tended\s+to", -0.4),
    (r"said|says|according\s+to", -0.5),
    (r"helps?|helped", -0.4),
    (r"preliminary|tentative(?:ly)?|putative", -0.8),
    # boosters and the marks of a measured result
    (r"significant(?:ly)?", 0.4),
    (r"no", 0.4),
    (r"show(?:s|ed|n)?|found|demonstrat\w*|reveal\w*", 0.2),
    (r"clearly|definitely|certainly|undoubtedly|conclusively|prove[sdn]?|confirm(?:s|ed)?|establish(?:es|ed)", 0.5),
    (r"\d+(?:\.\d+)?\s*(?:%|percent)", 0.1),
)
"""(regex, weight): each cue present moves the score from the base; hedges down, boosters up."""

CERTAINTY_MAX_DROP = 3.8
"""However many hedges pile up, a sentence bottoms out rather than running past the scale."""
