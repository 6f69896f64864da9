"""Part 1 of bench/grading.py, the pure core: attempts of 20 mixed questions (every type but
essay and description) scored with `grading.grade` and `grading.attempt_score`, in this
process, no Django; once from the questions' specs and once reading the frozen JSON too."""

from __future__ import annotations

import random
import time

from assessments.questions import specs as s  # noqa: E402
from assessments.questions.builtin import register_builtin_types  # noqa: E402
from assessments.quizzes import grading  # noqa: E402  (pure: no Django)
from bench.grading_questions import answer_set, quiz_templates

# Without Django set up no AppConfig.ready() fills the question-type registry: do its part.
register_builtin_types()


def bench_core(seconds: float, questions: int) -> dict:
    templates = quiz_templates(questions)
    sets = [answer_set(random.Random(i), templates) for i in range(256)]
    keys = [t.spec for t in templates]
    points = [t.points for t in templates]
    stored = [s.spec_to_json(t.spec) for t in templates]

    def from_specs(answers: list) -> grading.AttemptScore:
        return grading.attempt_score(
            [(grading.grade(k, a), p) for k, a, p in zip(keys, answers, points, strict=True)]
        )

    def from_json(answers: list) -> grading.AttemptScore:
        return grading.attempt_score(
            [
                (grading.grade(s.spec_from_json(j), a), p)
                for j, a, p in zip(stored, answers, points, strict=True)
            ]
        )

    def rate(score, duration: float) -> tuple[float, float]:
        for answers in sets:  # warm up caches (short-answer patterns) and check every answer
            score(answers)
        done, started = 0, time.perf_counter()
        while True:
            for answers in sets:
                score(answers)
            done += len(sets)
            elapsed = time.perf_counter() - started
            if elapsed >= duration:
                return done / elapsed, mean_percentage(score, sets)

    per_second, mean = rate(from_specs, seconds)
    per_second_json, _ = rate(from_json, seconds / 2)
    return {
        "core_attempts_per_second": round(per_second),
        "core_us_per_question": round(1e6 / (per_second * questions), 1),
        "core_attempts_per_second_with_json": round(per_second_json),
        "core_mean_percentage": mean,
    }


def mean_percentage(score, sets: list) -> float:
    """The mean percentage of the answer sets: shows the answers are a realistic mix."""
    return round(float(sum(score(a).percentage for a in sets) / len(sets)), 1)
