package evaluation

import "github.com/bondgenoten/bondgenoten"

// Rules an evaluation can break. A decision about someone who is no active
// ally of the network breaks meeting.RuleActiveAlly.
const (
	RuleEvaluationOpen      bondgenoten.Rule = "evaluation_open"      // starting an evaluation while one is open
	RuleEvaluationCompleted bondgenoten.Rule = "evaluation_completed" // changing a completed evaluation
	RuleDecisionRequired    bondgenoten.Rule = "decision_required"    // completing without a decision about an active ally
	RuleReplaceReason       bondgenoten.Rule = "replace_reason"       // replacing an ally without saying why
	RuleAnswerRequired      bondgenoten.Rule = "answer_required"      // completing without answering a question (yes or no)
	RuleEvaluationMeeting   bondgenoten.Rule = "evaluation_meeting"   // improvement points without a meeting of the network to make them actions of
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleEvaluationOpen, RuleEvaluationCompleted, RuleDecisionRequired,
		RuleReplaceReason, RuleAnswerRequired, RuleEvaluationMeeting,
	}
}
