package api

import (
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestEvaluationThroughTheAPI: a coordinator starts, saves and completes
// an evaluation; bad input is a 400 with field messages; staff read it
// with names, a tenant administrator without, an overseeing bureau the
// summary only; a completed evaluation no longer changes.
func TestEvaluationThroughTheAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		base, allies := utrechtNetwork(t, d)
		coord, staff, admin, advisor := d.browser(), d.browser(), d.browser(), d.browser()
		coord.login("coordinator@utrecht.demo")
		staff.login("staff@utrecht.demo")
		admin.login("tenant-admin@utrecht.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")

		resp, body := staff.do("POST", base+"/evaluations", "{}", nil)
		wantStatus(t, "staff starts", resp, body, 403)
		resp, body = coord.do("POST", base+"/evaluations", "{}", nil)
		wantStatus(t, "start", resp, body, 201)
		e := base + "/evaluations/" + decode[struct{ ID string }](t, []byte(body)).ID
		resp, body = coord.do("POST", base+"/evaluations", "{}", nil)
		wantRule(t, "a second", resp, body, 409, "evaluation", evaluation.RuleEvaluationOpen)

		resp, body = coord.do("PUT", e, `{"decisions":[{"allyId":"`+allies[0]+`","decision":"fire"}]}`, nil)
		wantFieldError(t, "unknown decision", resp, body, "decisions[0].decision", "oneof")
		resp, body = coord.do("PUT", e, `{"points":[{"title":"Werven","ownerParty":"allies","dueOn":"2099-01-01"}]}`, nil)
		wantFieldError(t, "due in 2099", resp, body, "points[0].dueOn", "date_range")
		resp, body = coord.do("PUT", e, `{"rightPeople":"maybe"}`, nil)
		if resp.StatusCode != 400 {
			t.Fatalf("a string for a boolean: %d %s", resp.StatusCode, body)
		}
		resp, body = coord.do("POST", e+"/complete", `{"decisions":[{"allyId":"`+allies[0]+`","decision":"replace"}]}`, nil)
		wantFieldError(t, "replace without a reason", resp, body, "decisions."+allies[0]+".note", string(evaluation.RuleReplaceReason))
		wantFieldError(t, "a decision missing", resp, body, "decisions."+allies[1], string(evaluation.RuleDecisionRequired))
		wantFieldError(t, "unanswered", resp, body, "rightPeople", string(evaluation.RuleAnswerRequired))

		done := `{"rightPeople":true,"goalsClear":false,"goalsNote":"Scherper","goals":"Nieuwe doelen",` +
			`"decisions":[{"allyId":"` + allies[0] + `","decision":"pause","note":"Even rust"},{"allyId":"` + allies[1] + `","decision":"keep"}]}`
		resp, body = coord.do("POST", e+"/complete", done, nil)
		wantStatus(t, "complete", resp, body, 200)
		if !strings.Contains(body, `"status":"completed"`) || !strings.Contains(body, "Fatima") {
			t.Fatalf("completed: %s", body)
		}
		resp, body = coord.get(base)
		if !strings.Contains(body, `"goals":"Nieuwe doelen"`) {
			t.Fatalf("goals edited in place: %s", body)
		}
		resp, body = coord.do("POST", e+"/complete", done, nil)
		wantRule(t, "completing twice", resp, body, 409, "evaluation", evaluation.RuleEvaluationCompleted)

		resp, body = staff.get(e)
		wantStatus(t, "staff reads", resp, body, 200)
		if !strings.Contains(body, `"access":"full"`) || !strings.Contains(body, "Fatima") {
			t.Fatalf("staff: %s", body)
		}
		resp, body = admin.get(e)
		wantStatus(t, "admin reads", resp, body, 200)
		if !strings.Contains(body, `"access":"no-names"`) || strings.Contains(body, "Fatima") || strings.Contains(body, "Even rust") {
			t.Fatalf("tenant admin sees names: %s", body)
		}
		resp, body = advisor.get(e)
		wantStatus(t, "bureau reads", resp, body, 200)
		if !strings.Contains(body, `"access":"summary"`) || strings.Contains(body, "Fatima") || strings.Contains(body, "Scherper") {
			t.Fatalf("bureau sees more than the summary: %s", body)
		}
		resp, body = advisor.get(e + "/pdf")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || strings.Contains(body, "Fatima") {
			t.Fatalf("bureau PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		resp, body = advisor.do("PUT", e, "{}", nil)
		wantStatus(t, "bureau writes", resp, body, 403)
		resp, body = coord.get(base + "/evaluations")
		wantStatus(t, "history", resp, body, 200)
	})
}
