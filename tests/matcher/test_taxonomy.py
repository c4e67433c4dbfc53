import csv
from pathlib import Path

import numpy as np
import pytest

from matcher.taxonomy import Taxonomy, load_taxonomy, rank_titles
from matcher.taxonomy.esco import read_esco
from matcher.taxonomy.vectors import encode_cached

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco"
OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
OCCUPATION_COLUMNS = ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description"]


class HashEncoder:
    """Offline stand-in for Encoder: unit vectors from hashed character trigrams."""

    model_name = "test-hash"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()} "
            for i in range(len(padded) - 2):
                out[row, hash(padded[i : i + 3]) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def make_esco_dir(root: Path, *, skills_nl: bool = False) -> Path:
    write_csv(
        root / "occupations_nl.csv",
        OCCUPATION_COLUMNS,
        [
            [
                OCC + "fork",
                "8344",
                "heftruckchauffeur",
                "chauffeur heftruck\nvorkheftruckbestuurder",
                "",
            ],
            [OCC + "cook", "5120", "kok", "kokkin\nchef-kok", "Koks bereiden maaltijden."],
        ],
    )
    write_csv(
        root / "occupations_en.csv",
        OCCUPATION_COLUMNS,
        [
            [OCC + "fork", "8344", "forklift operator", "forklift driver", ""],
            [OCC + "cook", "5120", "cook", "chef", "Cooks prepare meals."],
        ],
    )
    skill_columns = ["conceptUri", "preferredLabel", "altLabels", "description"]
    write_csv(
        root / "skills_en.csv",
        skill_columns,
        [
            [SKILL + "drive", "operate forklift", "drive a forklift", ""],
            [SKILL + "cook", "cook meals", "prepare dishes", ""],
        ],
    )
    if skills_nl:
        write_csv(
            root / "skills_nl.csv", skill_columns, [[SKILL + "drive", "heftruck besturen", "", ""]]
        )
    write_csv(
        root / "occupationSkillRelations.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [
            [OCC + "fork", "essential", "skill/competence", SKILL + "drive"],
            [OCC + "cook", "essential", "skill/competence", SKILL + "cook"],
            [OCC + "cook", "optional", "skill/competence", SKILL + "drive"],
        ],
    )
    return root


def test_reader_splits_alt_labels_on_newlines_per_language(tmp_path: Path) -> None:
    esco = read_esco(make_esco_dir(tmp_path))
    fork = esco.occupations[OCC + "fork"]
    assert fork.labels("nl") == [
        "heftruckchauffeur",
        "chauffeur heftruck",
        "vorkheftruckbestuurder",
    ]
    assert fork.labels("en") == ["forklift operator", "forklift driver"]
    assert fork.isco_code == "8344"


def test_full_package_skills_nl_is_picked_up(tmp_path: Path) -> None:
    taxonomy = Taxonomy.load(make_esco_dir(tmp_path, skills_nl=True))
    assert taxonomy.skill_label(SKILL + "drive", lang="nl") == "heftruck besturen"
    assert taxonomy.skill_label(SKILL + "drive") == "operate forklift"
    assert taxonomy.skills_for("heftruck besturen", k=1)[0].uri == SKILL + "drive"


def test_synthetic_taxonomy_answers(tmp_path: Path) -> None:
    taxonomy = Taxonomy.load(make_esco_dir(tmp_path), encoder=HashEncoder())  # type: ignore[arg-type]
    (best, *_) = taxonomy.occupations_for("Chauffeur heftruck (fulltime)", k=2)
    assert best.uri == OCC + "fork" and 0.0 < best.score <= 1.0
    assert taxonomy.occupations_for("kokkin", k=1)[0].uri == OCC + "cook"
    assert taxonomy.skills_for("drive forklift", k=1)[0].uri == SKILL + "drive"
    cook = taxonomy.skills_of_occupation(OCC + "cook")
    assert cook.essential == (SKILL + "cook",) and cook.optional == (SKILL + "drive",)
    assert taxonomy.skills_of_occupation(OCC + "unknown").essential == ()
    assert taxonomy.occupation_label(OCC + "cook") == "kok"
    assert taxonomy.occupation_label(OCC + "cook", lang="en") == "cook"
    assert taxonomy.occupation_label(OCC + "unknown") is None
    assert taxonomy.occupations_for("   ") == []


def test_load_raises_without_occupation_files(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("not esco")
    with pytest.raises(FileNotFoundError):
        Taxonomy.load(tmp_path)


def test_load_taxonomy_is_none_without_data(tmp_path: Path) -> None:
    assert load_taxonomy(None) is None
    assert load_taxonomy(tmp_path / "missing") is None
    assert load_taxonomy(tmp_path) is None  # exists but empty


def test_rank_titles_pools_surface_forms_per_concept(tmp_path: Path) -> None:
    corpus = [
        ("c1a", "heftruckchauffeur"),
        ("c1b", "vorkliftbestuurder"),
        ("c2a", "kok"),
        ("c2b", "chef-kok"),
        ("c3a", "schoonmaker"),
    ]
    concepts = {"c1a": "u:fork", "c1b": "u:fork", "c2a": "u:cook", "c2b": "u:cook", "c3a": "u:c"}
    queries = [("q1", "Chauffeur heftruck"), ("q2", "Kokkin")]
    rows = rank_titles(
        corpus,
        queries,
        concepts=concepts,
        top=3,
        encoder=HashEncoder(),
        esco_dir=None,  # type: ignore[arg-type]
    )
    by_query = {q: [(cid, rank) for qq, cid, rank, _ in rows if qq == q] for q, _ in queries}
    assert by_query["q1"][0] == ("c1a", 1)
    assert by_query["q2"][0][0] in {"c2a", "c2b"}
    # One element per concept first: the second rank is another concept.
    assert by_query["q1"][1][0] not in {"c1a", "c1b"}
    assert [rank for _, rank in by_query["q1"]] == [1, 2, 3]
    assert all(0.0 <= score <= 1.0 for *_, score in rows)


@pytest.fixture(scope="module")
def esco_taxonomy() -> Taxonomy:
    if not (ESCO_DIR / "occupations_nl.csv").is_file():
        pytest.skip(f"ESCO data not found at {ESCO_DIR}")
    # Lexical signals only: embedding all ESCO labels would not fit the test budget.
    return Taxonomy.load(ESCO_DIR)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("heftruckchauffeur", "heftruck"),
        ("chauffeur heftruck", "heftruck"),
        ("kok", "kok"),
        ("schoonmaker", "schoonmaker"),
        ("beveiliger", "beveiliger"),
        ("kapster", "kapper"),
    ],
)
def test_clear_dutch_titles_find_their_occupation(
    esco_taxonomy: Taxonomy, title: str, expected: str
) -> None:
    labels = [m.label.lower() for m in esco_taxonomy.occupations_for(title, k=3)]
    assert any(expected in label for label in labels), labels


def test_an_english_title_is_read_with_the_english_labels(esco_taxonomy: Taxonomy) -> None:
    # Issue 15: scored as a Dutch title, "warehouse" matched "data warehouse designer".
    labels = [m.label for m in esco_taxonomy.occupations_for("Warehouse worker", k=3)]
    assert "magazijnmedewerker" in labels, labels


def test_agency_words_around_a_title_do_not_pull_in_other_occupations(
    esco_taxonomy: Taxonomy,
) -> None:
    # Issue 15: "via uitzendbureau" brought in the employment agent ("arbeidsbemiddelaar").
    title = "Heftruckchauffeur via uitzendbureau Utrecht 32-40 uur"
    labels = [m.label for m in esco_taxonomy.occupations_for(title, k=3)]
    assert labels[0] == "heftruckchauffeur"
    assert not any("bemiddel" in label for label in labels), labels


# Issue 12: "onderwijs" spelt out for an instructeur ranked these as teachers first.
INSTRUCTOR_TITLES = ["Instructeur VCA", "Instructeur beveiliging"]
TEACHING = "23"  # ISCO-08 sub-major group 23: teaching professionals


def test_instructor_titles_do_not_rank_a_teacher_first(esco_taxonomy: Taxonomy) -> None:
    for title in INSTRUCTOR_TITLES:
        (first,) = esco_taxonomy.occupations_for(title, k=1)
        assert not esco_taxonomy.esco.occupations[first.uri].isco_code.startswith(TEACHING)


@pytest.mark.slow
def test_instructor_titles_do_not_rank_a_teacher_first_with_the_model() -> None:
    """The product's path: lexical signals and MiniLM embeddings of every ESCO
    occupation form (cached where bench/melo.py caches them; minutes when cold)."""
    from matcher.embedding import Encoder
    from matcher.taxonomy.taxonomy import occupation_index

    if not (ESCO_DIR / "occupations_nl.csv").is_file():
        pytest.skip(f"ESCO data not found at {ESCO_DIR}")
    esco = read_esco(ESCO_DIR)
    cache = Path.home() / ".cache" / "perspectief" / "taxonomy"
    uris, index = occupation_index(esco, encoder=Encoder(), cache_dir=cache)
    for title, hits in zip(INSTRUCTOR_TITLES, index.search(INSTRUCTOR_TITLES, 1), strict=True):
        first = esco.occupations[uris[hits[0][0]]]
        assert not first.isco_code.startswith(TEACHING), (title, first.preferred)


def test_real_skills_and_relations(esco_taxonomy: Taxonomy) -> None:
    (skill, *_) = esco_taxonomy.skills_for("operate forklift", k=3)
    assert esco_taxonomy.skill_label(skill.uri) == "operate forklift"
    (occupation,) = esco_taxonomy.occupations_for("heftruckchauffeur", k=1)
    skills = esco_taxonomy.skills_of_occupation(occupation.uri)
    assert skills.essential and skill.uri in skills.essential + skills.optional


class CountingEncoder(HashEncoder):
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts)


def test_vector_store_only_embeds_new_texts(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    first = encode_cached(encoder, ["kok", "kapper"], tmp_path)  # type: ignore[arg-type]
    again = encode_cached(encoder, ["kapper", "kok", "bakker"], tmp_path)  # type: ignore[arg-type]
    assert encoder.calls == [["kapper", "kok"], ["bakker"]]
    np.testing.assert_allclose(again[:2], first[::-1])


def test_warmed_lookups_equal_one_by_one_lookups(tmp_path: Path) -> None:
    """Batched look-ups (warm_lookups) give what single look-ups give, and are reused."""
    from matcher.calibration import DEFAULT_CALIBRATION
    from matcher.models import Vacancy
    from matcher.taxonomy_lookups import lookups, warm_lookups

    taxonomy = Taxonomy.load(make_esco_dir(tmp_path), encoder=HashEncoder())  # type: ignore[arg-type]
    vacancies = [
        Vacancy(id=1, title="Heftruckchauffeur", skills=["heftruck rijden", "orderpicken"]),
        Vacancy(id=2, title="Kok", skills=["koken"]),
    ]
    assert warm_lookups(taxonomy, vacancies) == 5
    assert warm_lookups(taxonomy, vacancies) == 0  # all cached now
    look = lookups(taxonomy)
    for v in vacancies:
        single = taxonomy.occupations_for(v.title, 1)
        assert look.occupations(v.title, 1) == tuple((m.uri, m.score) for m in single)
        for phrase in v.skills:
            found = taxonomy.skills_for(phrase, 1)
            least = DEFAULT_CALIBRATION.skill_min_score
            expected = frozenset(m.uri for m in found if m.score >= least)
            assert look.skill_uris(phrase, least) == expected
