package devidp

// IntroductionUsers are two new colleagues of Amersfoort for the network
// introduction (decision 0011), both in the staff group: Noor, whom the
// demo seeds halfway through her programme, and a new staff member who
// has not signed in yet (the end-to-end journey's, used by no other).
func IntroductionUsers() []User {
	return []User{
		{Subject: "demo|nieuwe-collega@amersfoort.demo", Email: "nieuwe-collega@amersfoort.demo",
			Name: "Noor de Vries (demo, nieuwe collega) — amersfoort", Groups: []string{"staff"}, TenantSlug: "amersfoort"},
		{Subject: "demo|nieuwe-medewerker@amersfoort.demo", Email: "nieuwe-medewerker@amersfoort.demo",
			Name: "Nieuwe medewerker (demo) — amersfoort", Groups: []string{"staff"}, TenantSlug: "amersfoort"},
	}
}
