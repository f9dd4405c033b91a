"""Random and malformed input never makes the validator raise: every problem becomes a finding."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, validate

MARKDOWN_PIECES = st.sampled_from([
    "---\n", "# Title\n", "## 1. Clarifying requirements { #clarifying-requirements }\n", "## Heading {#x}\n",
    "```mermaid\n", "```\n", "~~~\n", "    indented\n", "!!! note \"T\"\n", "??? question \"Q?\"\n",
    "=== \"Tab\"\n", "| Option | Pros | Cons |\n", "| --- | --- | --- |\n", "| a | b | c |\n",
    "[link](missing.md#x)\n", "![img](a.png)\n", "<script>x</script>\n", "$$\n", "$x$\n", "\n",
    "title: [\n", "description: x\n", "*[ABBR]: a\n", "[ref]: http://\n", "<a onclick='x'>\n",
    "accTitle: t\n", "=====\n", "-----\n", "{ #id }\n", "\r\n", "\t\n", "[^1]: note\n", "<!--\n",
])
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("robust")
    (root / "docs" / "case-studies").mkdir(parents=True)
    (root / "docs" / "framework").mkdir()
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return root, validate.load_config(root / "mkdocs.yml")


def check_does_not_raise(sandbox, rel: str, data: bytes) -> None:
    root, config = sandbox
    path = root / "docs" / rel
    path.write_bytes(data)
    result = validate.validate(config, [path])
    for f in result.findings:
        assert f.line >= 1 and f.col >= 1 and f.code in validate.CODES
    validate.format_result(result, "json")


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(pieces=st.lists(MARKDOWN_PIECES | st.text(max_size=30), max_size=40),
       where=st.sampled_from(["page.md", "case-studies/study.md", "framework/01-step.md"]))
def test_random_markdown_never_raises(sandbox, pieces, where):
    check_does_not_raise(sandbox, where, "".join(pieces).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_never_raise(sandbox, data):
    check_does_not_raise(sandbox, "case-studies/bytes.md", data)


@SETTINGS
@given(front=YAML_VALUES, where=st.sampled_from(["page.md", "case-studies/study.md", "framework/01-step.md"]))
def test_random_front_matter_never_raises(sandbox, front, where):
    import yaml
    try:
        dumped = yaml.safe_dump(front, allow_unicode=True)
    except Exception:  # values yaml itself cannot dump are not inputs anyone can write
        return
    check_does_not_raise(sandbox, where, f"---\n{dumped}---\n\n# T\n".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(text=st.text(max_size=200))
def test_random_yaml_text_in_front_matter_never_raises(sandbox, text):
    check_does_not_raise(sandbox, "case-studies/yaml.md", f"---\n{text}\n---\n# T\n".encode("utf-8", "surrogatepass"))
