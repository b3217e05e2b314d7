// Package bondgenoten holds what every part of the product shares: the error
// vocabulary (mapped to HTTP in exactly one place, package api), validation of
// input structs into field errors, and the calendar Date type.
//
// Domain packages (tenant, health, …) build on it; it depends on nothing of ours.
package bondgenoten
