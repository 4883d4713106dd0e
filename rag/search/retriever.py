"""Finding the passages that answer a question, the sentences that do, and whether any do."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from embeddings import Embedder
from rag.document import Passage
from rag.language import detect_language
from rag.search import evidence
from rag.search.asking import (
    about_itself,
    asked_facets,
    asks_for_link,
    asks_for_source,
    claimants,
    members_topic,
    topic_of,
)
from rag.search.facets import FacetLeg
from rag.search.keywords import document_number, search_terms, units_writing
from rag.search.late import late_scores
from rag.search.lexical import LexicalLeg
from rag.search.links import Links
from rag.search.names import in_passing, unnamed
from rag.search.profile import Profile
from rag.search.quantities import years
from rag.search.stance import stance_topic
from rag.search.units import background_score, best_matches, highlights
from rag.store.index import Index

# Chosen by leave-one-document-out cross-validation over 25 documents (own dev 14, real 10,
# bundled 1), each document weighing equally: the margin that refuses the most unanswerable
# questions while refusing at most 5% of answerable ones (`rag.evaluation.calibrate`), with the
# everyday background of rag/data/background.txt. Chosen on all documents by
# `python -m rag.evaluation.calibrate` (command and per-fold table in docs/evaluation.md,
# "Calibrating refusal across documents"); 24 of 25 folds chose 0.044 to 0.052.
MIN_MARGIN = 0.044
# Units fetched before grouping them into passages; enough for several units per passage.
CANDIDATES = 200
# Fewer whole or sentence units than this left after hiding passages (Kamervragen, headings)
# fetch four times as many: the members' questions can fill the candidates ("What's the sick
# leave rate among prison officers?" found 102 Kamervraag units and only pairs of answers).
# At 50, 116 of own dev's 130 questions searched again (+1 ms p50); at 25, 29, with the same
# passages ranked on own dev, old blind and real.
MIN_CANDIDATES = 25
# The sentence units (single sentences and neighbouring pairs) that must hold what the
# question asks for (``rag.search.evidence``): the best two over the whole collection, whatever
# ``k`` is, so that every caller abstains alike. Chosen again leaving one document out over
# 39 documents (docs/evaluation.md): one unit broke the 5% false-abstention budget on held-out
# documents; three or four refused no more. A name must be in the best one alone
# (``rag.search.evidence.BEST_MATCH_TYPES``).
EVIDENCE_UNITS = 2
# A Dutch question's passages are ordered by dense score + LEXICAL_WEIGHT x BM25 score
# (normalised by the best passage's). Chosen by leave-one-document-out over 25 documents with
# the Kamervraag lift in place (`python -m rag.evaluation.ranking --weight lexical_weight`):
# 0.025 in every fold, from 0, 0.025, 0.05 and 0.1. Chosen on the bundled document alone, it had been 0.05.
LEXICAL_WEIGHT = 0.025
# A question about the document itself (who answered, who asked, when, its kenmerk, its
# article) lifts the passages of the letter, heading and notes that state it by this much
# (``rag.search.facets``). Chosen on eval/tune.jsonl: recall@1 rose by two questions at 0.02, one
# at 0.01; at 0.03 an answer of Vraag 1 fell behind the letter. Left out by document over 25
# documents (`python -m rag.evaluation.ranking --weight facet_weight`), 0.02 in every fold.
FACET_WEIGHT = 0.02
# A question about a facet of the document at hand ("Who signed the answers?") needs only
# this margin: its few words score low against any passage. Off-topic facet questions name
# their own object ("the Treaty of Lisbon", "de vragen over de stikstofuitstoot") and keep
# MIN_MARGIN. On eval/fresh2-10 (read) false abstention fell from 0.037 to 0.022 at 0.025 and
# below, and no unanswerable question of any set was answered at any value down to 0. 0.02
# still refused "Wie ondertekende de brief?" (margin 0.003): it must only beat the background.
FACET_MARGIN = 0.0
# A question that names a year must also beat the background by this share of the margin
# with its dates left out (`Retriever._on_topic_by_its_year`): a year alone must not make a
# question on topic. A share, so that it follows the margin when that is calibrated again.
# Chosen with it (`python -m rag.evaluation.calibrate --set rag.search.retriever.YEARLESS_SHARE=...`,
# docs/evaluation.md): at MIN_MARGIN the bundled document refused 63.1, 65.2 and 67.4% of its
# unanswerable questions at shares 0.5, 0.8 and 1.0, and 1.6, 1.6 and 1.8% of its answerable
# ones; the other 24 documents did not change.
YEARLESS_SHARE = 1.0
# The most that a year lifted a question's margin on the read sets (median 0.012, 151
# questions): a question that clears the yearless margin by more does not lean on its year, and
# is spared the encoder pass of the test.
YEAR_LIFT = 0.05
# An answer passage whose Kamervraag matches the question better than the passage itself is
# lifted by this share of the difference: users ask what the members asked, in their words,
# more than they echo the answer's. Chosen by leave-one-document-out over 25 documents
# (`python -m rag.evaluation.ranking`, docs/evaluation.md, "Choosing ranking weights").
QUESTION_LIFT = 0.75
# An English question that asks for no facet of the document adds LATE_WEIGHT x its MaxSim
# (``rag.search.late``) to the LATE_CANDIDATES passages first in the order of the document that
# comes first. Chosen by leave-one-document-out over 94 documents (`python -m
# rag.evaluation.ranking --weight late_weight`, docs/evaluation.md, "The round after d92b425"):
# 0.75 in every fold, from 0, 0.25, 0.5, 0.75 and 1. Ten candidates: five ranked a little
# worse, twenty the same.
LATE_WEIGHT = 0.75
LATE_CANDIDATES = 10
# A question that asks for an amount, a count, a time or a reason ("Hoeveel geld …", "When will …",
# "Waarom …") lifts by this much, among the same LATE_CANDIDATES passages, those that state such a
# thing (``rag.search.evidence.states_answer``): a passage about the topic that names no sum cannot
# say how much. Chosen by leave-one-document-out over 108 documents, with the reason in (`python -m
# rag.evaluation.ranking --weight type_weight`, docs/evaluation.md, "The round after 47ba623"): 0.03
# in 107 of 108 folds, from 0 to 0.05 (over 94 documents without it, 0.04 in 92 of 94). Not for
# names (``evidence.LIFTED_ANSWERS``).
TYPE_WEIGHT = 0.03
# A question that names a year ("How many … in 2021?") lifts by this much, among the same
# LATE_CANDIDATES passages, those that name every year it names: the figures of other years
# stand beside it in the same document. Chosen by leave-one-document-out over 151 documents
# (`python -m rag.evaluation.ranking --weight year_weight`, docs/evaluation.md, "The round after 9dc0239").
YEAR_WEIGHT = 0.03


@dataclass(frozen=True)
class Hit:
    """A retrieved passage, its score and the sentences in it that match best."""

    passage: Passage
    score: float
    rank: int
    highlights: tuple[str, ...] = ()
    # Passes the background test on its own, not only as part of the list; always true of the
    # first hit of an answered question, which the evidence test read as the answer.
    relevant: bool = True


@dataclass(frozen=True)
class Evidence:
    """The hits for a question and whether they are relevant enough to quote."""

    hits: tuple[Hit, ...]
    answered: bool
    margin: float  # best unit score minus the mean of the best background scores
    # Why it is not answered: "" when it is, "margin" for the background test, "unknown_name"
    # and "name_in_passing" for the names tests, else the reason from
    # ``rag.search.evidence.unsupported``.
    reason: str = ""
    # For "unknown_name": the question's names that the document quoted first never writes;
    # for "name_in_passing": those it writes only in passing (``rag.search.names.in_passing``).
    unwritten: tuple[str, ...] = ()
    # For "name_in_passing": the passages that write them, to show beside the nearest ones.
    mentions: tuple[Hit, ...] = ()


class Retriever:
    """Dense retrieval over passages and their sentences, with a background test for relevance.

    Passages are ranked by their best whole or single-sentence unit, an answer lifted as a
    whole where its Kamervraag matches the question better (``QUESTION_LIFT``), plus, for a Dutch
    question, a share of their BM25 score (``rag.search.lexical.LexicalLeg``), and for a question
    about the document itself, a lift for the letter passages that state it
    (``rag.search.facets.FacetLeg``). Sentence pairs only
    choose what to highlight: ranked by them, long passages won too often on their many
    pairs (measured on eval/tune.jsonl).

    e5 cosine scores are compressed (an unrelated question still scores ~0.8), so a fixed
    threshold cannot tell relevant from irrelevant. The question's best unit must instead
    beat its best matches among unrelated reference sentences by ``min_margin``: a
    question about the weather finds the weather sentences closer than any passage.

    A question on the topic that the documents do not answer passes that test; the
    evidence test (``rag.search.evidence``) then checks that the best sentences can hold what it
    asks for: a year the documents name, a quantity or a time. A question that names a
    year must pass the background test without it too: a year alone lifts an off-topic
    question over the margin.

    A few words that ask nothing ("Arriva", "Kick Out Zwarte Piet") are a search, not a
    question: the answers that write them are quoted without either test
    (``rag.search.keywords``).
    """

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        min_margin: float = MIN_MARGIN,
        lexical_weight: float = LEXICAL_WEIGHT,
        facet_weight: float = FACET_WEIGHT,
        question_lift: float | None = None,
        late_weight: float | None = None,
        type_weight: float | None = None,
        year_weight: float | None = None,
    ) -> None:
        """Search ``index`` with queries embedded by ``embedder``; all weights 0 is dense only."""
        self.index = index
        self.embedder = embedder
        self.min_margin = min_margin
        self.lexical_weight = lexical_weight
        self.facet_weight = facet_weight
        self.question_lift = QUESTION_LIFT if question_lift is None else question_lift
        self.late_weight = LATE_WEIGHT if late_weight is None else late_weight
        self.type_weight = TYPE_WEIGHT if type_weight is None else type_weight
        self.year_weight = YEAR_WEIGHT if year_weight is None else year_weight
        self.lexical = LexicalLeg(index.passages)
        self.facets = FacetLeg(index.passages, {s.doc_id: s.metadata for s in index.manifest.sources})
        self.links = Links(index)
        self.profile = Profile(index)

    @property
    def yearless_margin(self) -> float:
        """The margin a question naming a year must clear without it: ``YEARLESS_SHARE`` of ``min_margin``."""
        return self.min_margin * YEARLESS_SHARE

    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> Evidence:
        """The top ``k`` passages for ``question`` (from document ``doc_id`` only, if given) and whether they answer."""
        named = document_number(question)
        if named is not None:  # "ah-tk-20232024-1076", "Wie tekende 2020Z23459?"
            number, rest = named
            documents = self.profile.numbered(number)
            if doc_id is not None:
                documents &= {doc_id}
            if not any(ch.isalnum() for ch in rest):
                return self._numbered(documents, self.embedder.embed_queries([question])[0], k)
            if len(documents) == 1 and doc_id is None:  # asked of that document alone; "2020Z23459 minister" searched
                return self.retrieve(rest if search_terms(rest) else question, k, next(iter(documents)))
        asked = asked_facets(question)
        query, tokens = self._embed(question, asked)
        hidden = np.zeros(len(self.index.passages), dtype=bool)
        if "question" not in asked:
            # A Kamervraag only asks: it answers nothing but a question about what was asked, or
            # about a claim of someone it names ("volgens de AI Coalitie"). Only the first sets
            # the answers' Kamervraag lift aside.
            named = claimants(question) if "claim" in asked else ()
            hidden |= self.profile.is_question & ~self.profile.questions_naming(named)
        if not asks_for_source(question):
            # A note that is only a paper number or link answers nothing else. Led by the sentence
            # citing it, its vector still drew off-topic questions (eval/fresh7, fresh12).
            hidden |= self.profile.is_reference
            if not asked:
                # A note that names a source ("Overheid.nl, «Huisvesting Nederlandse evacués», www...")
                # answers only questions about the document's sources, not "tot wanneer liep de consultatie?".
                hidden |= self.profile.is_source
        if not asked:
            # The heading names who asked whom about what, and when, and the covering letter sends
            # the answers and is signed: they answer only questions about that. Any policy question
            # matched "Hierbij stuur ik u ... de antwoorden op de vragen van ..." well enough to pass.
            hidden |= self.profile.is_framing
        terms = () if asked else search_terms(question)
        if terms:
            writing = self.profile.writing(terms) & ~hidden
            if doc_id is not None:
                writing &= self.profile.doc_ids == doc_id
            if writing.any():
                return self._written(query, writing, terms, k)
        units = self._units(query, doc_id, hidden)
        ranking = [(row, score) for row, score in units if not self.index.is_pair(row)]
        if not ranking:
            return Evidence((), False, float("-inf"), "margin")
        best: dict[int, float] = {}
        for row, score in ranking:
            owner = int(self.index.owners[row])
            best[owner] = max(best.get(owner, score), score)
        facets = self.facets.scores(question) if self.facet_weight else None
        if facets is not None:
            facets = self._in_document_asked_about(facets, best)
            self._add_stating(facets, hidden, best, query)
        # The order may use the lexical and facet legs and the Kamervragen's topic scores;
        # scores, the margin and the evidence test stay dense.
        lift = 0.0 if "question" in asked else self.question_lift
        order = self.links.lifted_by_kamervraag(query, best, lift)
        if tokens is not None:
            order = self._late(tokens, order)
        topic = members_topic(question) if "question" in asked else ""
        if topic:
            order.update(self._kamervragen_on_topic(topic, ranking))
        if "reference" in asked:
            order.update(self.links.references_by_citing(query, order))
        # A members' question's words about the members match the heading that names them.
        lexical = self.lexical.scores(topic or question) if self.lexical_weight else None
        for weight, extra in ((self.lexical_weight, lexical), (self.facet_weight, facets)):
            if extra is not None:
                order = {o: s + weight * float(extra[o]) for o, s in order.items()}
        if self.type_weight and not asked:  # last: within the document that the other legs put first
            order = self._typed(question, order)
        if self.year_weight and not asked:
            order = self._dated(question, order)
        if asks_for_link(question):
            order.update(self.links.links_above_citing(order))
        # Passages that state the facet of the document asked for.
        stating = {o for o in best if facets is not None and facets[o] > 0}
        ranked = sorted(best.items(), key=lambda item: -order[item[0]])[:k]
        background = background_score(self.index.background, query)
        hits = tuple(
            Hit(
                self.index.passages[i],
                score,
                rank,
                highlights(self.index.passages[i], self._sentence_scores(i, query)),
                # A short passage that states what is asked ("Ja, ik ben bekend met het genoemde
                # bericht.") is quoted on the strength of the question, which passed the test below.
                score - background >= self.min_margin or i in stating,
            )
            for rank, (i, score) in enumerate(ranked, 1)
        )
        margin = ranking[0][1] - background
        first = hits[0].passage
        # A lift (the Kamervraag's, BM25's) can put first a document whose passages fail that test
        # on their own, above the document holding the best unit: nothing vouches for its quote.
        best_document = self.index.passages[int(self.index.owners[ranking[0][0]])].doc_id
        if not hits[0].relevant and first.doc_id != best_document:
            return Evidence(hits, False, margin, "margin")
        # A facet of the document at hand ("Wie ondertekende de brief?"), not what the members asked.
        facet_of_itself = bool(asked - {"question", "claim"}) and about_itself(question)
        if margin < (FACET_MARGIN if facet_of_itself else self.min_margin):
            return Evidence(hits, False, margin, "margin")
        if asked and self._other_topic(question):
            return Evidence(hits, False, margin, "margin")
        if self._off_topic_stance(question, doc_id):
            return Evidence(hits, False, margin, "margin")
        # Off the topic without its year, a question is off the topic: that is said before what
        # an on-topic answer lacks ("What was the minimum wage in 2020?" is not found, and no
        # nearest passages are shown).
        leans_on_a_year = not facet_of_itself and margin < self.yearless_margin + YEAR_LIFT
        if leans_on_a_year and self._on_topic_by_its_year(question, doc_id, hidden):
            return Evidence(hits, False, margin, "margin")
        known = self.profile.years.get(doc_id, frozenset()) if doc_id is not None else self.profile.all_years
        # The evidence must come from the document quoted first: another document's number
        # ("Nederland telt 24.000 sportverenigingen") answers no question about poultry farms.
        matches = best_matches(self.index, units, EVIDENCE_UNITS, first.doc_id)
        reason = evidence.unsupported(
            question, known, matches, self.profile.common_words, about_document=bool(asked), first=first.text
        )
        unwritten = () if reason or asked else self._names_unwritten(question, first.doc_id)
        mentions: tuple[Hit, ...] = ()
        if unwritten:
            reason = "unknown_name"
        elif not reason and not asked:
            unwritten, mentions = self._names_in_passing(question, ranked[0][0], query, hits)
            reason = "name_in_passing" if unwritten else ""
        if not reason and not hits[0].relevant:  # the passage the tests read as the answer is quoted
            hits = (replace(hits[0], relevant=True), *hits[1:])
        return Evidence(hits, not reason, margin, reason, unwritten, mentions)

    def _written(self, query: np.ndarray, writing: np.ndarray, terms: tuple[str, ...], k: int) -> Evidence:
        """A keyword search's answer: the passages ``writing`` its terms, best first, all quoted.

        No background or evidence test: the search asks nothing, and the words it names are
        written there (``rag.search.keywords``). The sentences that write them are highlighted.
        """
        scores: dict[int, float] = {}
        for row, score in self.index.search(query, CANDIDATES):
            owner = int(self.index.owners[row])
            if writing[owner] and not self.index.is_pair(row):
                scores[owner] = max(scores.get(owner, score), score)
        if len(scores) < k:  # any other passage writing them scores below these; a rare term's may all lie beyond
            scores = {int(o): self.index.best_score(int(o), query) for o in np.flatnonzero(writing)}
        ranked = sorted(scores.items(), key=lambda item: -item[1])[:k]
        hits = []
        for rank, (owner, score) in enumerate(ranked, 1):
            passage = self.index.passages[owner]
            sentences = self._sentence_scores(owner, query)
            written = units_writing(passage.text, terms)
            if written:  # else only its Kamervraag writes them
                sentences = {o: s for o, s in sentences.items() if o in written}
            hits.append(Hit(passage, score, rank, highlights(passage, sentences)))
        return Evidence(tuple(hits), True, ranked[0][1] - background_score(self.index.background, query))

    def _numbered(self, documents: set[str], query: np.ndarray, k: int) -> Evidence:
        """A search for documents by their number: their heading (else their letter), or nothing found.

        The number stands in the footer, the masthead or the file name, seldom in a passage: a
        question's path quoted whichever passage was nearest to a string of digits.
        """
        stating = [
            [o for o, p in enumerate(self.index.passages) if p.doc_id in documents and p.kind == kind]
            for kind in ("heading", "letter")
        ]
        owners = (stating[0] or stating[1])[:k]
        if not owners:
            return Evidence((), False, float("-inf"), "margin")
        hits = tuple(
            Hit(self.index.passages[o], self.index.best_score(o, query), rank) for rank, o in enumerate(owners, 1)
        )
        return Evidence(hits, True, hits[0].score - background_score(self.index.background, query))

    def _embed(self, question: str, asked: frozenset[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """The question's vector, and its token vectors when the late leg is to order its passages.

        Only an English question about the answers, not about the document's facets: a
        signature or a date line is short, and a word-by-word match favours long passages.
        One encoder pass gives both.
        """
        with_tokens = getattr(self.embedder, "embed_queries_with_tokens", None)
        if not self.late_weight or asked or with_tokens is None or detect_language(question) != "en":
            return self.embedder.embed_queries([question])[0], None
        vectors, tokens = with_tokens([question])
        return vectors[0], tokens[0]

    def _late(self, tokens: np.ndarray, order: dict[int, float]) -> dict[int, float]:
        """``order``, the first LATE_CANDIDATES passages of its first document lifted by ``late_weight`` x MaxSim.

        Only within that document: the leg orders its answers, and the document quoted first,
        whose passages the evidence test reads, stays the one the pooled vectors chose. Across
        documents it had also moved off-topic questions to a document that let them pass.
        """
        extra = late_scores(tokens, self._first_of_first_document(order), self.index.tokens)
        return {o: s + self.late_weight * extra.get(o, 0.0) for o, s in order.items()}

    def _typed(self, question: str, order: dict[int, float]) -> dict[int, float]:
        """``order``, with the first document's first passages that state the answer type asked for lifted.

        Within the first document, as ``_late``, and a lift, not a penalty for the others: the
        document quoted first stays first. "Hoeveel geld trekt het kabinet uit …?" found the
        answer on what the plan does above the one that names its budget.
        """
        if evidence.answer_type(question) not in evidence.LIFTED_ANSWERS:
            return order
        common = self.profile.common_words
        stating = {
            o
            for o in self._first_of_first_document(order)
            if evidence.states_answer(question, self.index.passages[o].text, common)
        }
        return {o: s + self.type_weight if o in stating else s for o, s in order.items()}

    def _dated(self, question: str, order: dict[int, float]) -> dict[int, float]:
        """``order``, with the first document's first passages that name every year the question names lifted."""
        asked = years(question)
        if not asked:
            return order
        naming = {o for o in self._first_of_first_document(order) if asked <= years(self.index.passages[o].text)}
        return {o: s + self.year_weight if o in naming else s for o, s in order.items()}

    def _first_of_first_document(self, order: dict[int, float]) -> list[int]:
        """The first LATE_CANDIDATES passages in ``order`` of the document that comes first."""
        ranked = sorted(order, key=lambda o: -order[o])
        doc_id = self.index.passages[ranked[0]].doc_id
        return [o for o in ranked if self.index.passages[o].doc_id == doc_id][:LATE_CANDIDATES]

    def _names_unwritten(self, question: str, doc_id: str) -> tuple[str, ...]:
        """The names a question writes that document ``doc_id`` never does (``rag.search.names``).

        "Hoeveel nachtvluchten waren er in 2022 op Eindhoven Airport?" finds the Schiphol answers.
        """
        return tuple(
            unnamed(question, self.profile.vocabularies[doc_id], self.profile.common_words, detect_language(question))
        )

    def _names_in_passing(
        self, question: str, owner: int, query: np.ndarray, hits: tuple[Hit, ...]
    ) -> tuple[tuple[str, ...], tuple[Hit, ...]]:
        """The names the question writes that passage ``owner``'s document names only in passing, and where it does.

        "How much did Heerlen receive from the Impulsaanpak Winkelgebieden?" finds the answer on
        the scheme, in a document that names Heerlen once, elsewhere. The passages that name
        them follow ``hits``, so that the user can see what is said there.
        """
        doc_id = self.index.passages[owner].doc_id
        places = self.profile.places(doc_id)
        passing = in_passing(
            question,
            self.profile.quoted_vocabulary(owner),
            [vocabulary for _, vocabulary in places],
            self.profile.common_words,
            detect_language(question),
        )
        shown = {hit.passage.id for hit in hits}
        owners = sorted({places[i][0] for found in passing.values() for i in found})
        extra = [o for o in owners if self.index.passages[o].id not in shown]
        mentions = tuple(
            Hit(self.index.passages[o], self.index.best_score(o, query), len(hits) + n) for n, o in enumerate(extra, 1)
        )
        return tuple(passing), mentions

    def _in_document_asked_about(self, lifts: np.ndarray, best: dict[int, float]) -> np.ndarray:
        """Facet lifts for the document the question is about only: the one its best passage comes from.

        "Who signed the answers about Arriva?" must be answered by that document's signature,
        not by whichever document's signature scores highest.
        """
        top = max(best, key=best.get)
        doc_id = self.index.passages[top].doc_id
        return np.where(self.profile.doc_ids == doc_id, lifts, 0.0)

    def _add_stating(self, lifts: np.ndarray, hidden: np.ndarray, best: dict[int, float], query: np.ndarray) -> None:
        """Add to ``best`` the passages that state the facet asked for, scored by their best unit.

        Among many documents they may lie beyond the candidates: "Wie heeft de Kamervragen over
        lege winkelpanden beantwoord?" matched the answers of fourteen documents before the line
        "Antwoord van Staatssecretaris …" of the one it is about.
        """
        for owner in np.flatnonzero(lifts > 0):
            if int(owner) not in best and not hidden[owner]:
                best[int(owner)] = self.index.best_score(int(owner), query)

    def _units(self, query: np.ndarray, doc_id: str | None, hidden: np.ndarray) -> list[tuple[int, float]]:
        """The best units for ``query``, best first: of document ``doc_id`` if given, none of a ``hidden`` passage."""
        # Restricted to one document, every unit is a candidate: a small document's passages
        # could otherwise all fall outside the top CANDIDATES of a large collection.
        total = self.index.vectors.ntotal
        count = CANDIDATES if doc_id is None else total
        owners = self.index.owners
        while True:
            units = [
                (row, score)
                for row, score in self.index.search(query, count)
                if not hidden[owners[row]] and (doc_id is None or self.index.passages[owners[row]].doc_id == doc_id)
            ]
            if count >= total or sum(not self.index.is_pair(row) for row, _ in units) >= MIN_CANDIDATES:
                return units
            count *= 4

    def _on_topic_by_its_year(self, question: str, doc_id: str | None, hidden: np.ndarray) -> bool:
        """Whether a question naming a year beats the background only thanks to that year.

        e5 weighs a year heavily: "Hoe hoog is de huurtoeslag in 2021?" meets "De verwachting is
        dat in 2021 nog veel meer Nederlanders van deze cursus gebruik zullen maken." and
        passes MIN_MARGIN, while "Hoe hoog is de huurtoeslag?" does not come near the
        yearless margin. One more encoder pass, for questions that name a year, pass the
        margin test and are within YEAR_LIFT of the yearless margin.
        """
        bare = evidence.without_dates(question)
        return bare is not None and self._margin_of(bare, doc_id, hidden) < self.yearless_margin

    def _margin_of(self, text: str, doc_id: str | None, hidden: np.ndarray) -> float:
        """How far ``text``'s best sentence or passage beats the background (-inf if none); one encoder pass."""
        vector = self.embedder.embed_queries([text])[0]
        best = [score for row, score in self._units(vector, doc_id, hidden) if not self.index.is_pair(row)]
        return best[0] - background_score(self.index.background, vector) if best else float("-inf")

    def _kamervragen_on_topic(self, topic: str, ranking: list[tuple[int, float]]) -> dict[int, float]:
        """The Kamervragen among ``ranking``, each scored by its best unit against ``topic``: what it asks about.

        "Did the MPs ask about the regional spread of AI students?": its first words match
        every Kamervraag alike and decided which came first (eval/fresh2-8); the rest
        ("regional spread AI students", `members_topic`) picks the one that asks it. One
        more encoder pass.
        """
        owners = {int(self.index.owners[row]) for row, _ in ranking if self.profile.is_question[self.index.owners[row]]}
        if not owners:
            return {}
        vector = self.embedder.embed_queries([topic])[0]
        return {owner: self.index.best_score(owner, vector) for owner in owners}

    def _other_topic(self, question: str) -> bool:
        """Whether a question about the document's facets names a topic that no passage is about.

        "Wanneer zijn de vragen over de stikstofuitstoot ingediend?" matches any covering
        letter as well as this collection's: its topic alone must pass the background test.
        """
        topic = topic_of(question)
        if topic is None:
            return False
        vector = self.embedder.embed_queries([topic])[0]
        best = self.index.search(vector, 1)
        return not best or best[0][1] - background_score(self.index.background, vector) < self.min_margin

    def _off_topic_stance(self, question: str, doc_id: str | None) -> bool:
        """Whether a question for the government's view, plan or action names a topic no passage is about.

        "Wat vindt het kabinet van kernenergie?" meets any answer's "Het kabinet is van mening …"
        well enough to pass the margin; its topic ("kernenergie", ``stance_topic``) must pass it
        alone. Every passage may show what a document is about, the Kamervragen too ("Bent u
        bereid …?" names the plan that "Is the minister going to …?" asks after). One more
        encoder pass, for questions of that form.
        """
        topic = stance_topic(question)
        nothing_hidden = np.zeros(len(self.index.passages), dtype=bool)
        return topic is not None and self._margin_of(topic, doc_id, nothing_hidden) < self.min_margin

    def _sentence_scores(self, owner: int, query: np.ndarray) -> dict[int, float]:
        """The scores of passage ``owner``'s sentence and pair units, by offset (1 = first sentence).

        Read from the stored vectors, not the search's candidates: in a large collection a
        quoted passage's other sentences may lie beyond them.
        """
        scores = self.index.passage_units(owner) @ query
        return {offset: float(score) for offset, score in enumerate(scores) if offset > 0}
