"""Every model of `assessments`, re-exported so that callers write
`from assessments.models import Quiz` (Wagtail's convention); each area keeps its own module:

- `questions` — the question bank: categories and polymorphic questions;
- `quizzes` — quizzes and the exam, their slots, attempts, responses and the grading log;
- `assignments` — open work: assignments, conversation analyses, reflections, rubrics,
  submissions, trainer reviews and the audit trail of grades;
- `results` — where a learner stands against the course's pass rules;
- `audit` — who changed a course's question bank or its exam's questions, and when.
"""

from .assignments import (
    Annotation,
    AnnotationCategory,
    Assignment,
    ConversationAnalysis,
    GradeChange,
    Reflection,
    Review,
    ReviewComment,
    Rubric,
    RubricVersion,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from .audit import QuestionBankChange
from .questions import (
    QUESTION_CLASS_FOR_SPEC,
    DescriptionQuestion,
    EssayQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    QuestionCategory,
    QuestionVersion,
    ShortAnswerQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from .quizzes import Attempt, AttemptGrant, GradingEvent, Quiz, QuizSlot, Response
from .results import CourseResult

__all__ = [
    "QUESTION_CLASS_FOR_SPEC",
    "Annotation",
    "AnnotationCategory",
    "Assignment",
    "Attempt",
    "AttemptGrant",
    "ConversationAnalysis",
    "CourseResult",
    "DescriptionQuestion",
    "EssayQuestion",
    "GradeChange",
    "GradingEvent",
    "MatchingQuestion",
    "MultipleResponseQuestion",
    "NumericQuestion",
    "OrderingQuestion",
    "Question",
    "QuestionBankChange",
    "QuestionCategory",
    "QuestionVersion",
    "Quiz",
    "QuizSlot",
    "Reflection",
    "Response",
    "Review",
    "ReviewComment",
    "Rubric",
    "RubricVersion",
    "ShortAnswerQuestion",
    "SingleChoiceQuestion",
    "Submission",
    "SubmissionFile",
    "SubmissionVersion",
    "TrueFalseQuestion",
]
