"""The character n-gram TF-IDF stage."""

import numpy as np
import pytest

from clustering.lexical import CharTfidf

POSTS = [
    "Le formulaire de demande d'allocations familiales est beaucoup trop long.",
    "Les délais pour obtenir un rendez-vous pour la carte d'identité sont trop longs.",
    "Die Kfz-Steuer kann man nicht online bezahlen.",
    "Il faut fournir trois fois le même certificat de résidence à la commune.",
    "The registration certificate form asks for the same documents twice.",
]


def test_near_verbatim_copy_ranks_first():
    lexical = CharTfidf().fit(POSTS)
    matrix = lexical.transform(POSTS)
    # Typos, an accent dropped and a word changed: still the same post.
    copy = "Il faut fournir 3 fois le meme certificat de residance a la commune!"
    scores = lexical.similarity(copy, matrix)
    assert scores.shape == (1, len(POSTS))
    assert int(np.argmax(scores)) == 3
    assert scores[0, 3] > 0.5 > np.sort(scores[0])[-2]


def test_pair_similarity_fits_on_the_pairs_when_not_fitted():
    lexical = CharTfidf()
    scores = lexical.pair_similarity(
        [POSTS[0], POSTS[1]], [POSTS[0], "Die Kfz-Steuer ist zu hoch."]
    )
    assert lexical.fitted
    assert scores.shape == (2,)
    assert scores[0] == pytest.approx(1.0, abs=1e-5)
    assert scores[1] < 0.2


def test_transform_before_fit_is_an_error_and_empty_corpus_is_usable():
    with pytest.raises(RuntimeError):
        CharTfidf().transform(["x"])
    lexical = CharTfidf().fit(["", "ab"])
    assert lexical.transform(["quelque chose"]).shape[0] == 1
    with pytest.raises(ValueError):
        lexical.pair_similarity(["a"], [])
