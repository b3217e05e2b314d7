package meeting

// Announced is announced for the tests: what planning tells, in a
// transaction the test rolls back.
var Announced = (*Service).announced
