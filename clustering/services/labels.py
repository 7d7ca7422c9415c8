"""Readable cluster labels: c-TF-IDF keywords (as in BERTopic) and a representative title.

c-TF-IDF treats all texts of a cluster as one document: a word weighs by how frequent it is
in the cluster times log(1 + average words per cluster / its frequency over all clusters), so
words that mark one cluster beat words every cluster uses.
"""

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

# Function words of the four languages of the platform, which never make a useful keyword.
STOP_WORDS = sorted(
    set(
        """
        the and for with that this from are was were have has had not but you your our can
        could would should will what when which who why how all any one two also very more
        much many there their they them than then into about after before again only just
        les des une est pas pour par avec dans sur que qui qu ont aux ses son sont mais plus
        tout tous toute toutes fait faire être avoir leur leurs nous vous elle ils cette ces
        comme aussi très même chaque entre sans sous encore déjà alors donc car chez
        mon mes ton tes notre nos votre vos lui elles peu fois dois doit faut été quand
        après avant depuis pendant toujours rien jamais puis ensuite
        der die das den dem des ein eine einen einem einer und ist nicht sich mit auf für von
        bei zum zur auch noch nur wir ihr sie ich man wird werden wurde kann muss haben hat
        sind war aber oder wenn dass als nach über unter mehr sehr immer jedes jeder
        mein meine meinen meiner dein unser unsere ihre ihren jetzt schon wieder habe
        dafür weil wie was wer dann denn doch damit davon dort hier
        ech mir dir hien net eng een ass sinn gëtt ginn wëll wéi wann awer och vun vum fir
        dës déi ons hunn huet gouf muss kéint sollt méi well nëmmen keen keng hir sech elo
        ëmmer iwwer ënner dann esou hei mäin meng mäi eis hunn huet ginn gëtt nach dat datt
        firwat wat wéini wou mer hatt engem enger nët hat war wier kënnt ka mussen
        """.split()
    )
)
WORD_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"


def ctfidf_keywords(cluster_texts, top=5):
    """Per cluster document (all its texts joined), its `top` keywords, best first."""
    if not cluster_texts:
        return []
    vectorizer = CountVectorizer(
        stop_words=STOP_WORDS, token_pattern=WORD_PATTERN, lowercase=True, dtype=np.float32
    )
    try:
        counts = vectorizer.fit_transform(cluster_texts).tocsr()
    except ValueError:  # no word at all (empty vocabulary)
        return [[] for _ in cluster_texts]
    terms = vectorizer.get_feature_names_out()
    frequency = np.asarray(counts.sum(axis=0)).ravel()
    average_words = counts.sum() / counts.shape[0]
    idf = np.log1p(average_words / np.maximum(frequency, 1))
    row_totals = np.asarray(counts.sum(axis=1)).ravel()
    keywords = []
    for row in range(counts.shape[0]):
        start, end = counts.indptr[row], counts.indptr[row + 1]
        columns, values = counts.indices[start:end], counts.data[start:end]
        if not len(columns):
            keywords.append([])
            continue
        weights = values / max(row_totals[row], 1) * idf[columns]
        # Ties broken by the word itself, so re-runs give the same label.
        order = sorted(range(len(columns)), key=lambda i: (-weights[i], terms[columns[i]]))
        keywords.append([str(terms[columns[i]]) for i in order[:top]])
    return keywords
