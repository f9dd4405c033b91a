"""What readers do, in a real browser: load every page, navigate, switch to dark mode, search,
print, use a phone. Chromium is Debian's, driven by Playwright; the site is built once and served
on 127.0.0.1 at the port its site_url names, so instant navigation is the real thing."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, site_tools, validate


CONFIG = validate.load_config(ROOT / "mkdocs.yml")
PAGES = sorted(p.relative_to(CONFIG.docs).as_posix() for p in CONFIG.docs.rglob("*.md"))
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


def url_of(rel: str) -> str:
    """The served path of a docs-relative Markdown file (directory URLs)."""
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[:-3] + "/"


def fences(rel: str) -> int:
    return len(validate.mermaid_fences(validate.read_page(CONFIG, CONFIG.docs / rel)))


def wait_for_title(page, title: str) -> None:
    """Instant navigation changes the URL before it swaps the content: wait for the new page's H1."""
    page.wait_for_function("(title) => (document.querySelector('article h1') || {}).textContent?.startsWith(title)",
                           arg=title, timeout=30_000)


class Visit:
    """A fresh browser context that refuses and records every request to another origin."""

    def __init__(self, browser, origin: str, **context_options):
        self.origin = origin
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(**context_options)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._failed)

    def _route(self, route):
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def _failed(self, request):
        if request.url.startswith(self.origin):
            self.failed.append(f"{request.url} ({request.failure})")

    def open(self, path: str):
        self.page.goto(self.origin + path, wait_until="load")
        return self.page

    def settle(self):
        """Wait until every diagram is rendered, every formula typeset and every font loaded."""
        self.page.wait_for_function(site_tools.DIAGRAMS_RENDERED, timeout=30_000)
        self.page.wait_for_function(site_tools.MATH_TYPESET, timeout=30_000)
        self.page.wait_for_load_state("networkidle")
        # Typeset formulas request their fonts late; a reload while they load would cancel them.
        self.page.wait_for_function("document.fonts.status === 'loaded'", timeout=30_000)

    def assert_clean(self):
        assert not self.offsite, f"requests left the origin: {self.offsite}"
        assert not self.errors, f"console or page errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert self.page.evaluate("window.mermaid && window.mermaid.errors || []") == []

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, origin, request):
    visits = []

    def make(site: str = "static", **options) -> Visit:
        """A visit to the normal build ("static": diagrams pre-rendered) or to the build whose
        diagrams are all rendered by Mermaid in the browser ("client-side")."""
        served = origin if site == "static" else request.getfixturevalue("client_side_origin")
        v = Visit(browser, served, **options)
        visits.append(v)
        return v

    yield make
    for v in visits:
        v.close()


@pytest.mark.parametrize("rel", PAGES)
def test_page_loads_clean_with_diagrams_and_formulas_rendered(visit, rel):
    v = visit()
    page = v.open(url_of(rel))
    v.settle()
    assert page.locator("div.mermaid").count() == fences(rel)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "vendor/mermaid" in u], "pre-rendered pages need no Mermaid code"
    assert not [u for u in loaded if SEARCH_ASSETS.search(u)], "the search index loads only on intent"
    scales = page.evaluate("""[...document.querySelectorAll('div.mermaid svg')].map(svg =>
        svg.getBoundingClientRect().width / svg.viewBox.baseVal.width)""")
    assert all(scale >= 0.74 for scale in scales), f"diagram labels shrunk below 12 px: scales {scales}"
    assert page.locator(".katex-error").count() == 0
    formulas = page.locator(".arithmatex").count()
    assert page.locator(".arithmatex .katex").count() == formulas
    v.assert_clean()


def test_print_page_renders_every_diagram(visit):
    v = visit()
    page = v.open("print_page/")
    v.settle()
    assert page.locator("div.mermaid").count() == sum(fences(rel) for rel in PAGES if rel != "tags.md")
    v.assert_clean()


@pytest.mark.parametrize("site", ["static", "client-side"])
def test_instant_navigation_from_a_page_without_diagrams_renders_them(visit, site):
    v = visit(site)
    page = v.open("")
    v.settle()
    assert page.locator("pre.mermaid, div.mermaid").count() == 0
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if "vendor/mermaid" in u], "a page without diagrams loaded Mermaid"
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href*='case-studies/visual-search/']").first.click()
    page.wait_for_url(re.compile(r".*/case-studies/visual-search/(#.*)?$"))
    wait_for_title(page, "Visual search")
    v.settle()
    assert page.evaluate("window.__sameDocument === true"), "the click reloaded the page instead of navigating instantly"
    assert page.locator("div.mermaid").count() == fences("case-studies/visual-search.md")
    v.assert_clean()


@pytest.mark.parametrize("site", ["static", "client-side"])
def test_dark_mode_persists_across_navigation_and_reload(visit, site):
    v = visit(site)
    page = v.open("")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator("article a[href*='case-studies/video-recommendations/']").first.click()
    page.wait_for_url(re.compile(r".*/case-studies/video-recommendations/(#.*)?$"))
    wait_for_title(page, "Video recommendations")
    v.settle()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.locator("div.mermaid").count() == fences("case-studies/video-recommendations.md")
    themed = "window.mermaid.themed" if site == "client-side" else \
        "[...document.querySelectorAll('div.mermaid svg style')].every(s => s.textContent.includes('--md-mermaid'))"
    assert page.evaluate(themed), "diagrams were drawn without the theme's colours"
    page.reload()
    v.settle()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.evaluate(themed)
    v.assert_clean()


SEARCH_ASSETS = re.compile(r"/search/search_index\.json|/workers/search\.")
# What readers type, with the pages that cover it (any of them among the first five results passes):
# acronyms, names of formulas and methods, hyphenated and multi-word terms, and two misspellings.
SEARCHES = [
    ("feature store", ("framework/03-data-preparation/",)),
    ("normalized entropy", ("framework/05-evaluation/",)),
    ("normalized cross-entropy", ("framework/05-evaluation/",)),
    ("two-tower", ("case-studies/video-recommendations/",)),
    ("non-maximum suppression", ("case-studies/street-view-blurring/",)),
    ("reciprocal rank fusion", ("case-studies/video-search/", "building-blocks/multi-stage-ranking/")),
    ("prevalence", ("case-studies/harmful-content-detection/",)),
    ("product quantization", ("case-studies/visual-search/", "framework/06-deployment-and-serving/",
                              "building-blocks/approximate-nearest-neighbor-search/")),
    ("nDCG", ("framework/05-evaluation/", "case-studies/visual-search/", "building-blocks/metrics-reference/")),
    ("HNSW", ("framework/06-deployment-and-serving/", "case-studies/visual-search/")),
    ("KV cache", ("framework/06-deployment-and-serving/", "building-blocks/llm-inference-and-serving/")),
    ("focal loss", ("framework/03-data-preparation/", "framework/04-model-development/",
                    "case-studies/street-view-blurring/")),
    ("InfoNCE", ("framework/04-model-development/", "case-studies/visual-search/")),
    ("logQ correction", ("framework/04-model-development/",)),
    ("LoRA", ("framework/04-model-development/",)),
    ("deep and cross network", ("framework/04-model-development/", "case-studies/ad-click-prediction/",
                                "building-blocks/feature-stores/")),
    ("PSI", ("framework/07-monitoring-and-infrastructure/", "building-blocks/monitoring-and-drift/")),
    ("Kolmogorov-Smirnov", ("framework/07-monitoring-and-infrastructure/", "building-blocks/monitoring-and-drift/")),
    ("right to erasure", ("framework/07-monitoring-and-infrastructure/", "building-blocks/responsible-ml/")),
    ("AI Act", ("framework/07-monitoring-and-infrastructure/", "building-blocks/responsible-ml/")),
    ("Digital Services Act", ("case-studies/harmful-content-detection/", "framework/07-monitoring-and-infrastructure/")),
    ("Llama Guard", ("case-studies/harmful-content-detection/", "building-blocks/evaluating-and-guarding-llm-systems/")),
    ("FSDP", ("building-blocks/training-at-scale/",)),
    ("CUPED", ("building-blocks/deployment-and-experimentation/",)),
    ("MAPE", ("building-blocks/metrics-reference/",)),
    ("differential privacy", ("building-blocks/responsible-ml/",)),
    ("Little's law", ("building-blocks/estimation-and-latency-budgets/",)),
    ("C2PA", ("case-studies/harmful-content-detection/",)),
    ("SPLADE", ("case-studies/video-search/",)),
    ("DINOv2", ("case-studies/visual-search/",)),
    ("Matryoshka", ("case-studies/visual-search/",)),
    ("CAGRA", ("case-studies/visual-search/",)),
    ("HSTU", ("case-studies/video-recommendations/",)),
    ("generative retrieval", ("case-studies/video-recommendations/",)),
    ("continuous batching", ("framework/06-deployment-and-serving/",)),
    ("speculative decoding", ("framework/06-deployment-and-serving/",)),
    ("Benjamini-Hochberg", ("framework/05-evaluation/",)),
    ("LLM as a judge", ("framework/05-evaluation/", "building-blocks/evaluating-and-guarding-llm-systems/")),
    ("back-of-the-envelope estimation", ("framework/01-clarifying-requirements/",)),
    ("interleaving", ("framework/05-evaluation/",)),
    ("canary release", ("framework/06-deployment-and-serving/",)),
    ("PR-AUC", ("framework/05-evaluation/",)),
    ("ROC-AUC", ("framework/05-evaluation/",)),
    ("expected calibration error", ("framework/05-evaluation/",)),
    ("multi-task learning", ("framework/04-model-development/", "building-blocks/multimodal-and-multi-task-models/")),
    ("p99", ("framework/01-clarifying-requirements/", "framework/06-deployment-and-serving/")),
    ("cold start", ("case-studies/video-recommendations/",)),
    ("shadow deployment", ("framework/06-deployment-and-serving/", "building-blocks/deployment-and-experimentation/")),
    ("LambdaMART", ("building-blocks/learning-to-rank/",)),
    ("Adamic-Adar", ("building-blocks/graph-learning/",)),
    ("maximal marginal relevance", ("building-blocks/multi-stage-ranking/",)),
    ("Thompson", ("building-blocks/cold-start-and-exploration/",)),
    ("point-in-time join", ("building-blocks/feature-stores/",)),
    ("weak supervision", ("building-blocks/labels-and-sampling/",)),
    ("MMoE", ("building-blocks/multimodal-and-multi-task-models/", "case-studies/video-recommendations/")),
    ("calibraton", ("framework/05-evaluation/", "building-blocks/labels-and-sampling/")),  # misspelt: found through the one-typo retry
    ("distilation", ("framework/04-model-development/", "framework/06-deployment-and-serving/")),  # misspelt
    ("retrieval-augmented generation", ("building-blocks/retrieval-augmented-generation/",)),
    ("prompt injection", ("building-blocks/evaluating-and-guarding-llm-systems/",)),
    ("classifier-free guidance", ("case-studies/text-to-image/",)),
    ("QLoRA", ("building-blocks/adapting-foundation-models/",)),
    ("beam search", ("case-studies/smart-compose/",)),
    ("paged attention", ("building-blocks/llm-inference-and-serving/", "framework/06-deployment-and-serving/")),
]
FIRST_FIVE_PAGES = """() => [...new Set([...document.querySelectorAll(
    '.md-search-result__list > .md-search-result__item > a')].map(a => new URL(a.href).pathname))].slice(0, 5)"""


@pytest.fixture(scope="module")
def search_page(browser, origin):
    """One reader's page with the search box open, reused for every query."""
    v = Visit(browser, origin)
    page = v.open("")
    page.locator("input.md-search__input").click()
    yield v
    v.assert_clean()
    v.close()


@pytest.mark.parametrize("query,expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_lists_the_covering_page_in_the_first_five_results(search_page, query, expected):
    page = search_page.page
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list > .md-search-result__item')")
    box.press_sequentially(query, delay=20)
    wanted = [f"/{path}" for path in expected]
    try:
        page.wait_for_function(f"() => ({FIRST_FIVE_PAGES})().some(p => {wanted!r}.includes(p))", timeout=10_000)
    except Exception:
        pytest.fail(f"{query!r}: first five results {page.evaluate(FIRST_FIVE_PAGES)}, expected one of {wanted}")


def test_search_index_and_worker_load_on_intent_not_on_page_load(visit):
    v = visit()
    page = v.open("framework/")
    v.settle()
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [u for u in loaded if SEARCH_ASSETS.search(u)]
    assert page.evaluate("window.__searchOnIntent.released") is False
    page.keyboard.press("/")  # Material's shortcut to open search is intent
    page.wait_for_function("() => window.__searchOnIntent.released")
    page.locator("input.md-search__input").press_sequentially("canary", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert len([u for u in loaded if SEARCH_ASSETS.search(u)]) == 2, "index and worker, once each"
    v.assert_clean()


def test_shared_search_link_opens_with_results(visit):
    v = visit()
    page = v.open("?q=reciprocal+rank")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    assert page.evaluate("window.__searchOnIntent.releasedBy") == "shared link"
    v.assert_clean()


def test_print_media_expands_every_collapsed_answer(visit):
    v = visit()
    page = v.open("case-studies/harmful-content-detection/")
    v.settle()
    closed = page.locator("details:not([open])").count()
    assert closed >= 6
    answers_shown = """[...document.querySelectorAll('details')].filter(d =>
        [...d.children].every(c => c.tagName === 'SUMMARY' || c.checkVisibility())).length"""
    assert page.evaluate(answers_shown) == page.locator("details").count() - closed  # on screen: hidden
    page.emulate_media(media="print")
    assert page.evaluate(answers_shown) == page.locator("details").count(), "answers stay collapsed in print"


# One page of each kind; a kind joins the list as soon as its first page exists (building blocks
# have none yet).
AXE_PAGES = {kind: rel for kind, rel in {
    "home": "index.md",
    "framework chapter": "framework/03-data-preparation.md",
    "case study": "case-studies/visual-search.md",
    "practice": "practice/cheat-sheet.md",
    "building block": next((p for p in PAGES if validate.page_kind(p) == "building-block"), None),
}.items() if rel is not None}


@pytest.mark.parametrize("kind", sorted(AXE_PAGES))
def test_no_serious_accessibility_violations(visit, kind):
    rel = AXE_PAGES[kind]
    v = visit()
    page = v.open(url_of(rel))
    v.settle()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{x['id']} ({x['impact']}): {x['help']} -- {[n['target'] for n in x['nodes'][:3]]}"
               for x in result["violations"] if x["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


def test_phone_width_drawer_opens_and_follows_a_link(visit):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = v.open("")
    page.locator("header label.md-header__button[for='__drawer']").click()
    assert page.evaluate("document.getElementById('__drawer').checked")
    link = page.locator("nav.md-nav--primary a.md-nav__link[href$='glossary/']:visible").first
    link.click()
    page.wait_for_url(re.compile(r".*/glossary/(#.*)?$"))
    wait_for_title(page, "Glossary")
    # Material unchecks the drawer when the new page is swapped in; on a slow machine that can land a
    # moment after the new title, so wait for it (a drawer that never closes still fails here).
    page.wait_for_function("!document.getElementById('__drawer').checked", timeout=10_000)
    v.assert_clean()
