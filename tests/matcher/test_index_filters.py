"""The filtered-search policy: widths grow with the filter's strictness, small allowed
sets go to brute force, and a `Where` over-fetches only where that pays."""

from __future__ import annotations

from matcher.index_filters import IVF_BRUTE_FORCE_BELOW, MAX_FILTERED_EF, FilterPolicy


def policy(kind: str, *, n: int = 100_000, nlist: int = 1264) -> FilterPolicy:
    return FilterPolicy(
        kind=kind,
        n_alive=n,
        n_rows=n,
        nlist=nlist if kind == "ivf" else 0,
        ef_search=128,
        nprobe=32,
        brute_force_factor=12.0,
    )


def test_hnsw_widens_by_one_over_selectivity_up_to_a_cap() -> None:
    hnsw = policy("hnsw")
    assert hnsw.width(100_000, 20) == 128  # unfiltered
    assert hnsw.width(10_000, 20) == 1280  # s = 0.1
    assert hnsw.width(10, 20) == MAX_FILTERED_EF
    assert hnsw.width(100_000, 500) == 500  # never narrower than k


def test_ivf_scans_nprobe_over_root_selectivity_lists() -> None:
    ivf = policy("ivf")
    assert ivf.width(100_000, 20) == 32
    assert ivf.width(25_000, 20) == 64  # s = 1/4: twice the lists
    assert policy("ivf", nlist=40).width(1, 20) == 40  # at most every list


def test_small_allowed_sets_are_scanned_exactly() -> None:
    assert not policy("ivf").prefer_brute_force(100_000, 32, filtered=False)
    assert policy("ivf").prefer_brute_force(IVF_BRUTE_FORCE_BELOW, 32, filtered=True)
    assert not policy("ivf").prefer_brute_force(IVF_BRUTE_FORCE_BELOW + 1, 32, filtered=True)
    assert policy("hnsw").prefer_brute_force(12 * 128, 128, filtered=True)
    assert policy("flat").prefer_brute_force(50_000, 0, filtered=True)
    assert not policy("flat").prefer_brute_force(50_001, 0, filtered=True)


def test_overfetch_pays_only_on_ivf_with_a_loose_filter() -> None:
    ivf = policy("ivf")
    assert ivf.overfetch(20, 10_000) == 600  # share 0.1, three times over
    assert ivf.overfetch_pays(20, 10_000)
    assert not ivf.overfetch_pays(20, IVF_BRUTE_FORCE_BELOW)  # brute force is cheaper
    assert not ivf.overfetch_pays(200, 5_000)  # would fetch 12,000: too deep
    assert not policy("hnsw").overfetch_pays(20, 50_000)
