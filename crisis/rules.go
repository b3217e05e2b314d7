package crisis

import "github.com/bondgenoten/bondgenoten"

// Rules a crisis, its entries or its polls can break. An ally who is no
// active ally of the network breaks meeting.RuleNetworkAlly.
const (
	RuleCrisisActive     bondgenoten.Rule = "crisis_active"     // activating a second crisis on a network that has one
	RuleNoActiveCrisis   bondgenoten.Rule = "no_active_crisis"  // the contact list without an active crisis
	RuleCrisisEnded      bondgenoten.Rule = "crisis_ended"      // changing a crisis that was closed
	RulePollAlly         bondgenoten.Rule = "poll_ally"         // an answer for an ally not in the poll
	RuleQuestionOnly     bondgenoten.Rule = "question_only"     // answering an entry that is no question
	RuleAftercareMeeting bondgenoten.Rule = "aftercare_meeting" // aftercare that is no planned, future meeting of the network
	RuleEmergencyMeeting bondgenoten.Rule = "emergency_meeting" // linking what is no emergency meeting of the network
	RuleCrisisTheme      bondgenoten.Rule = "crisis_theme"      // a theme the network does not know
	RuleCrisisNotFuture  bondgenoten.Rule = "crisis_not_future" // a crisis or entry more than a day after now
	RulePhaseUnchanged   bondgenoten.Rule = "phase_unchanged"   // a phase change to the phase the crisis is in
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleCrisisActive, RuleNoActiveCrisis, RuleCrisisEnded, RulePollAlly,
		RuleQuestionOnly, RuleAftercareMeeting, RuleEmergencyMeeting, RuleCrisisTheme,
		RuleCrisisNotFuture, RulePhaseUnchanged,
	}
}
