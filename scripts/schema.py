"""The one source of truth for the handbook's structure.

The seven framework steps, the sections every case study and framework chapter must have, the
front-matter schemas and the shared vocabularies live here. The validator, the build hooks, the
scaffolding command and the tests all import this module; nothing else hard-codes these values.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    title: str  # exact heading text
    id: str  # exact heading id
    produces: str


STEPS: tuple[Step, ...] = (
    Step(1, "Clarifying requirements", "clarifying-requirements",
         "scope, scale numbers, constraints, success criteria"),
    Step(2, "Framing the problem as an ML task", "framing-the-problem",
         "business objective to ML objective, input/output, ML category"),
    Step(3, "Data preparation", "data-preparation",
         "data sources, labels, features, sampling"),
    Step(4, "Model development", "model-development",
         "baseline, chosen model, loss, training strategy"),
    Step(5, "Evaluation", "evaluation",
         "offline metrics, online metrics, experiment design"),
    Step(6, "Deployment and serving", "deployment-and-serving",
         "serving architecture, latency budget, rollout"),
    Step(7, "Monitoring and infrastructure", "monitoring-and-infrastructure",
         "what is watched, retraining, infrastructure, failure handling"),
)


def step_heading(step: Step) -> str:
    """The canonical Markdown heading of a step, as the template and scaffolding write it."""
    return f"## {step.number}. {step.title} {{ #{step.id} }}"


# --- Case studies (spec section 4) -------------------------------------------------------------

CASE_STUDY_DIR = "case-studies"
CASE_STUDY_TEMPLATE = "contributing/case-study-template.md"

# H2 sections that must follow the seven steps, in this order: (heading text, id).
CASE_STUDY_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Interview follow-ups", "interview-follow-ups"),
    ("Common mistakes", "common-mistakes"),
    ("References", "references"),
)

# The groups of the case-study index, in the order it shows them, each with the sentence under its
# heading. A page's group follows from its front matter (case_study_part), never from a list.
CASE_STUDY_PARTS = {
    "from-the-book": ("From the book",
                      "The ten systems of the book this handbook follows, in the book's chapter order."),
    "beyond-the-book": ("Beyond the book",
                        "Systems interviewers ask about as often, which the book does not cover; "
                        "written for this handbook."),
    "generative-ai": ("Generative AI",
                      "Systems whose output is generated text or images, designed with the same seven steps; "
                      "the generative-AI building blocks explain their shared parts."),
}


def case_study_part(meta: dict) -> str:
    """The index group of a case study: ML task `generation` puts it in the generative-AI part, a book
    chapter number in the book's part, anything else beyond the book."""
    if meta.get("ml_task") == "generation":
        return "generative-ai"
    chapter = meta.get("book_chapter")
    return "from-the-book" if isinstance(chapter, int) and not isinstance(chapter, bool) else "beyond-the-book"


CASE_STUDY_MINIMUMS = {
    "words": 3000,  # prose words in the page
    "step_words": 150,  # prose words in each step
    "diagrams": 2,
    "pros_cons_tables": 2,
    "formulas": 1,
    "follow_ups": 6,
}

ML_TASKS = {
    "binary-classification": "Binary classification",
    "multi-class-classification": "Multi-class classification",
    "multi-label-classification": "Multi-label classification",
    "regression": "Regression",
    "object-detection": "Object detection",
    "representation-learning": "Representation learning",
    "retrieval": "Retrieval",
    "ranking": "Ranking",
    "recommendation": "Recommendation",
    "link-prediction": "Link prediction",
    "anomaly-detection": "Anomaly detection",
    "forecasting": "Forecasting",
    "survival-analysis": "Survival analysis",
    "uplift-modeling": "Uplift modelling",
    "generation": "Generation",
}

TECHNIQUES = {
    "contrastive-learning": "Contrastive learning",
    "two-tower": "Two-tower model",
    "approximate-nearest-neighbor": "Approximate nearest neighbour search",
    "product-quantization": "Product quantization",
    "inverted-index": "Inverted index",
    "convolutional-network": "Convolutional network",
    "vision-transformer": "Vision transformer",
    "text-transformer": "Text transformer",
    "video-encoder": "Video encoder",
    "two-stage-detector": "Two-stage detector",
    "one-stage-detector": "One-stage detector",
    "non-max-suppression": "Non-maximum suppression",
    "hard-negative-mining": "Hard-negative mining",
    "data-augmentation": "Data augmentation",
    "early-fusion": "Early fusion",
    "late-fusion": "Late fusion",
    "multi-task-learning": "Multi-task learning",
    "matrix-factorization": "Matrix factorization",
    "collaborative-filtering": "Collaborative filtering",
    "content-based-filtering": "Content-based filtering",
    "candidate-generation": "Candidate generation",
    "multi-stage-ranking": "Multi-stage ranking",
    "re-ranking": "Re-ranking",
    "learning-to-rank": "Learning to rank",
    "feature-crossing": "Feature crossing",
    "deep-and-cross-network": "Deep & Cross network",
    "factorization-machines": "Factorization machines",
    "graph-neural-network": "Graph neural network",
    "word2vec-embeddings": "word2vec-style embeddings",
    "negative-sampling": "Negative sampling",
    "cold-start": "Cold-start handling",
    "human-labeling": "Human labelling",
    "active-learning": "Active learning",
    "calibration": "Calibration",
    "feature-store": "Feature store",
    "exploration": "Exploration",
    "diversity": "Diversity re-ranking",
    "matryoshka-embeddings": "Matryoshka embeddings",
    "position-bias-correction": "Position-bias correction",
    "hashing-trick": "Hashing trick",
    "weak-supervision": "Weak supervision",
    "mixture-of-experts": "Mixture of experts (MMoE, PLE)",
    "random-walk-embeddings": "Random-walk embeddings",
    "graph-features": "Graph features",
    "logistic-regression": "Logistic regression",
    "gradient-boosted-trees": "Gradient-boosted trees",
    "knowledge-distillation": "Knowledge distillation",
    "quantization": "Quantization",
    "batch-prediction": "Batch prediction",
    "online-prediction": "Online prediction",
    "continual-learning": "Continual learning",
    "ab-testing": "A/B testing",
    "shadow-deployment": "Shadow deployment",
    "distributed-training": "Distributed training",
    "streaming-features": "Streaming features",
    "pruning": "Pruning",
    "dynamic-batching": "Dynamic batching",
    "canary-release": "Canary release",
    "interleaving": "Interleaving",
    "drift-detection": "Drift detection",
    "evaluation-metrics": "Evaluation metrics",
    "capacity-estimation": "Capacity estimation",
    "differential-privacy": "Differential privacy",
    "fairness-evaluation": "Fairness evaluation",
    "explainability": "Explainability",
    "cost-sensitive-learning": "Cost-sensitive learning",
    "delayed-feedback": "Delayed-feedback handling",
    "rules-engine": "Rules engine",
    "sequence-modeling": "Sequence models over event histories",
    "query-understanding": "Query understanding",
    "hybrid-retrieval": "Hybrid lexical and semantic retrieval",
    "sequential-recommendation": "Sequential recommendation (SASRec, BERT4Rec)",
    "quantile-regression": "Quantile regression",
    "survival-analysis": "Survival analysis",
    "uplift-modeling": "Uplift modelling",
    "retrieval-augmented-generation": "Retrieval-augmented generation",
    "document-chunking": "Document chunking",
    "cross-encoder-reranking": "Cross-encoder re-ranking",
    "prompt-engineering": "Prompting and few-shot examples",
    "instruction-tuning": "Instruction tuning (supervised fine-tuning)",
    "lora": "LoRA and QLoRA",
    "preference-optimization": "Preference optimisation (RLHF, DPO)",
    "llm-pretraining": "Language-model pretraining",
    "kv-cache": "KV cache",
    "continuous-batching": "Continuous batching and paged attention",
    "speculative-decoding": "Speculative decoding",
    "tensor-parallelism": "Tensor parallelism",
    "model-routing": "Routing between model sizes",
    "llm-as-judge": "LLM-as-judge evaluation",
    "red-teaming": "Red-teaming",
    "guardrails": "Guardrails (input and output safety checks)",
    "prompt-injection-defense": "Prompt-injection defences",
    "beam-search": "Beam search",
    "diffusion": "Diffusion models",
    "classifier-free-guidance": "Classifier-free guidance",
}

OFFLINE_METRICS = {
    "precision-at-k": "Precision@k",
    "recall-at-k": "Recall@k",
    "map": "mAP",
    "mrr": "MRR",
    "ndcg": "nDCG",
    "roc-auc": "ROC-AUC",
    "pr-auc": "PR-AUC",
    "log-loss": "Log loss",
    "normalized-entropy": "Normalized entropy (NE)",
    "iou": "IoU",
    "average-precision": "Average precision",
    "f1": "F1",
    "accuracy": "Accuracy",
    "rmse": "RMSE",
    "calibration": "Calibration",
    "diversity": "Diversity",
    "coverage": "Coverage",
    "mae": "MAE",
    "mape": "MAPE",
    "pinball-loss": "Pinball (quantile) loss",
    "interval-coverage": "Prediction-interval coverage",
    "precision-at-decline-rate": "Precision at a fixed decline rate",
    "dollar-weighted-recall": "Dollar-weighted recall",
    "brier-score": "Brier score",
    "concordance-index": "Concordance index (C-index)",
    "qini": "Qini coefficient",
    "faithfulness": "Faithfulness (groundedness)",
    "answer-relevance": "Answer relevance",
    "win-rate": "Win rate (pairwise preference)",
    "perplexity": "Perplexity",
    "exact-match": "Exact match",
    "attack-success-rate": "Attack success rate",
    "fid": "FID",
    "clip-score": "CLIP score",
}

ONLINE_METRICS = {
    "ctr": "CTR",
    "conversion-rate": "Conversion rate",
    "watch-time": "Watch time",
    "session-length": "Session length",
    "daily-active-users": "Daily active users",
    "retention": "Retention",
    "revenue": "Revenue",
    "prevalence": "Prevalence",
    "proactive-rate": "Proactive rate",
    "appeals": "Appeals",
    "user-reports": "User reports",
    "search-success-rate": "Search success rate",
    "engagement-rate": "Engagement rate",
    "latency": "Latency",
    "time-spent": "Time spent",
    "hide-rate": "Hide rate",
    "fraud-loss-rate": "Fraud losses (basis points of volume)",
    "false-decline-rate": "False-decline rate",
    "manual-review-rate": "Manual-review rate",
    "revenue-per-search": "Revenue per search",
    "add-to-cart-rate": "Add-to-cart rate",
    "zero-result-rate": "Zero-result rate",
    "gross-merchandise-value": "Gross merchandise value",
    "return-rate": "Return rate",
    "churn-rate": "Churn rate",
    "incremental-retention": "Incremental retention",
    "on-time-rate": "On-time rate",
    "time-to-first-token": "Time to first token (TTFT)",
    "tokens-per-second": "Output tokens per second",
    "cost-per-request": "Serving cost per request",
    "user-feedback-rate": "Explicit feedback rate (thumbs up or down)",
    "acceptance-rate": "Suggestion acceptance rate",
    "keystrokes-saved": "Keystrokes saved",
}

TAGS = {
    "computer-vision": "Computer vision",
    "nlp": "NLP",
    "search": "Search",
    "recommendation": "Recommendation",
    "ads": "Ads",
    "social": "Social",
    "trust-and-safety": "Trust and safety",
    "multimodal": "Multimodal",
    "graph": "Graph",
    "video": "Video",
    "ranking": "Ranking",
    "marketplace": "Marketplace",
    "privacy": "Privacy",
    "fraud": "Fraud and risk",
    "e-commerce": "E-commerce",
    "logistics": "Logistics",
    "forecasting": "Forecasting",
    "subscriptions": "Subscriptions",
    "generative-ai": "Generative AI",
    "llm": "Large language models",
}

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Field:
    """One front-matter key: what it holds and which values are allowed."""

    name: str
    kind: str  # "text", "choice", "list", "chapter", "integer", "date" or "mapping"
    required: bool = True
    choices: tuple[str, ...] = ()
    min_items: int = 0
    max_items: int = 0  # 0: no limit
    help: str = ""


# The date a page's facts were last checked against their sources (YYYY-MM-DD). Every content page
# carries it, the page shows it under its title, and every content change updates it.
LAST_REVIEWED = Field("last_reviewed", "date",
                      help="the date (YYYY-MM-DD) the page's facts were last checked; update it with every content change")

# Material's own per-page options, allowed on every page.
MATERIAL_OPTIONS: tuple[Field, ...] = (
    Field("search", "mapping", required=False, help="Material's per-page search options"),
    Field("hide", "list", required=False, choices=("navigation", "toc", "footer", "tags"),
          help="Material's per-page hide options"),
)

CASE_STUDY_FIELDS: tuple[Field, ...] = (
    Field("title", "text", help="the system's name, e.g. 'Visual search'"),
    Field("description", "text", help="one sentence saying what system is designed"),
    Field("book_chapter", "chapter",
          help="the chapter number of the book this page follows, or 'original'"),
    Field("difficulty", "choice", choices=DIFFICULTIES),
    Field("ml_task", "choice", choices=tuple(ML_TASKS)),
    Field("techniques", "list", choices=tuple(TECHNIQUES), min_items=3, max_items=12),
    Field("offline_metrics", "list", choices=tuple(OFFLINE_METRICS), min_items=1),
    Field("online_metrics", "list", choices=tuple(ONLINE_METRICS), min_items=1),
    Field("tags", "list", choices=tuple(TAGS), min_items=1),
    LAST_REVIEWED,
    Field("status", "choice", required=False, choices=("draft", "template"),
          help="'template' only on the case-study template, which is exempt from word minimums"),
    *MATERIAL_OPTIONS,
)

# --- Framework chapters (spec section 5) -------------------------------------------------------

FRAMEWORK_DIR = "framework"

FRAMEWORK_FIELDS: tuple[Field, ...] = (
    Field("title", "text"),
    Field("description", "text"),
    Field("step", "integer", choices=tuple(str(s.number) for s in STEPS)),
    LAST_REVIEWED,
    *MATERIAL_OPTIONS,
)

FRAMEWORK_SECTIONS: tuple[tuple[str, str], ...] = (
    ("What the interviewer evaluates", "what-the-interviewer-evaluates"),
    ("Checklist", "checklist"),
    ("Worked examples", "worked-examples"),
    ("Time budget", "time-budget"),
    ("Common mistakes", "common-mistakes"),
    ("Self-check questions", "self-check-questions"),
)

FRAMEWORK_MINIMUMS = {
    "words": 1800,
    "diagrams": 1,
    "pros_cons_tables": 2,
    "case_study_links": 3,
    "questions": 5,
}


# --- Building blocks (spec section 5) ----------------------------------------------------------

BUILDING_BLOCK_DIR = "building-blocks"
BUILDING_BLOCK_MINIMUMS = {"words": 1200, "diagrams": 1, "pros_cons_tables": 1, "questions": 3}

# The groups of the building-block index, in the order it shows them.
BUILDING_BLOCK_GROUPS = {
    "retrieval-and-ranking": "Retrieval and ranking",
    "data-and-labels": "Data and labels",
    "training-and-serving": "Training and serving",
    "operations": "Operations",
    "reference": "Reference",
    "generative-ai": "Generative AI",
}
# Groups whose blocks sit in a nav group of the same title under "Building blocks"; the others are
# listed directly under it (validator code N603 checks both).
BUILDING_BLOCK_NAV_GROUPS = ("generative-ai",)

BUILDING_BLOCK_FIELDS: tuple[Field, ...] = (
    Field("title", "text"),
    Field("description", "text", help="one sentence: the problem this block solves"),
    Field("group", "choice", choices=tuple(BUILDING_BLOCK_GROUPS)),
    Field("techniques", "list", choices=tuple(TECHNIQUES), min_items=1,
          help="the techniques this page explains; each technique is explained by one block"),
    Field("tags", "list", choices=tuple(TAGS), min_items=1),
    LAST_REVIEWED,
    *MATERIAL_OPTIONS,
)

BUILDING_BLOCK_SECTIONS: tuple[tuple[str, str], ...] = (
    ("The problem it solves", "the-problem"),
    ("How it works", "how-it-works"),
    ("Options compared", "options-compared"),
    ("Numbers that matter", "numbers-that-matter"),
    ("Used in", "used-in"),
    ("Self-check questions", "self-check-questions"),
    ("References", "references"),
)
# The "Used in" section holds only this marker; the build replaces it with the case studies whose
# front-matter techniques intersect the block's.
USED_IN_MARKER = "<!-- generated:used-in -->"

# Techniques that case studies use but no building block explains, each with the reason. Everything
# else a case study declares must be explained by exactly one block (tests/test_building_blocks.py).
UNEXPLAINED_TECHNIQUES = {
    "logistic-regression": "a model family readers know; chapter 4 and ad click prediction place it as a baseline",
    "gradient-boosted-trees": "a model family readers know; learning to rank covers LambdaMART, the case studies their use",
    "convolutional-network": "a model family readers know; the case studies choose among them",
    "vision-transformer": "a model family readers know; the case studies choose among them",
    "text-transformer": "a model family readers know; the case studies choose among them",
    "video-encoder": "specific to video search, which explains it",
    "two-stage-detector": "specific to Street View blurring, which explains it",
    "one-stage-detector": "specific to Street View blurring, which explains it",
    "non-max-suppression": "specific to Street View blurring, which explains it",
    "data-augmentation": "explained where it is used (visual search, Street View blurring)",
    "inverted-index": "lexical retrieval; explained in video search and e-commerce search ranking",
    "query-understanding": "specific to search; explained in e-commerce search ranking",
    "hybrid-retrieval": "explained in e-commerce search ranking, with reciprocal rank fusion",
    "cost-sensitive-learning": "explained where the costs are (fraud detection, delivery-time prediction)",
    "delayed-feedback": "explained in fraud detection, where labels take months; churn prediction applies it",
    "rules-engine": "specific to fraud detection, which explains it",
    "sequence-modeling": "explained where used (fraud detection, delivery-time prediction)",
    "quantile-regression": "explained in delivery-time prediction, with the pinball loss",
    "sequential-recommendation": "explained in e-commerce product recommendations (GRU4Rec, SASRec, BERT4Rec)",
    "survival-analysis": "explained in customer churn prediction (hazards, censoring, Cox, discrete-time models)",
    "uplift-modeling": "explained in customer churn prediction (the four groups, meta-learners, the Qini curve)",
    "llm-pretraining": "explained in the conversational assistant, which runs the whole model pipeline",
    "beam-search": "specific to decoding short completions; explained in Smart Compose",
    "diffusion": "specific to image generation; explained in text-to-image generation",
    "classifier-free-guidance": "specific to diffusion sampling; explained in text-to-image generation",
}

# --- Practice prompts -----------------------------------------------------------------------------

PROMPT_DIR = "practice/prompts"
MOCK_DIR = "practice/mock-interviews"  # annotated transcripts; the nav lists them beside their index
# Search settings by folder, applied at build time (the folder's index page keeps the defaults): the
# prompts rank below the chapters that explain the same terms, and the transcripts, which retell a
# case study as dialogue, stay out of the index.
SEARCH_BY_FOLDER = {PROMPT_DIR: {"boost": 0.5}, MOCK_DIR: {"exclude": True}}
PROMPT_QUOTE = "The prompt"  # the title of the `!!! quote` admonition that holds the interviewer's words
PROMPT_HINT = "tip"  # hints are collapsed `??? tip` blocks
PROMPT_OUTLINE = "success"  # the outline answer is one collapsed `??? success` block
PROMPT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Clarifying questions worth asking", "clarifying-questions"),
    ("Hints", "hints"),
    ("Outline answer", "outline-answer"),
    ("Read next", "read-next"),
)
PROMPT_MINIMUMS = {"words": 400, "clarifying_questions": 5, "hints": 3, "read_next_links": 1}
PROMPT_FIELDS: tuple[Field, ...] = (
    Field("title", "text", help="the system's name, e.g. 'Query autocomplete'"),
    Field("description", "text", help="one sentence naming the system to design"),
    Field("difficulty", "choice", choices=DIFFICULTIES),
    Field("ml_task", "choice", choices=tuple(ML_TASKS)),
    Field("tags", "list", choices=tuple(TAGS), min_items=1),
    Field("case_study", "text", required=False,
          help="the case study that works this system through, e.g. 'case-studies/visual-search.md'"),
    LAST_REVIEWED,
    *MATERIAL_OPTIONS,
)


def outline_label(step: Step) -> str:
    """The bold label that opens a step's paragraph in a prompt's outline answer."""
    return f"**{step.number}. {step.title}.**"


# --- Every other page -------------------------------------------------------------------------

PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text"),
    Field("description", "text"),
    LAST_REVIEWED,
    *MATERIAL_OPTIONS,
    Field("tags", "list", required=False, choices=tuple(TAGS)),
)

# Pros/cons tables: the header a table must have to count as one (a fourth column is optional).
PROS_CONS_HEADER = ("Option", "Pros", "Cons")
PROS_CONS_OPTIONAL = "Pick when"

# Diagram types the vendored Mermaid build renders (the "tiny" build has no mindmap or architecture).
MERMAID_DIAGRAM_TYPES = (
    "flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "stateDiagram-v2",
    "erDiagram", "journey", "gantt", "pie", "quadrantChart", "requirementDiagram", "gitGraph",
    "C4Context", "timeline", "sankey-beta", "xychart-beta", "block-beta", "packet-beta",
    "kanban", "radar-beta",
)
