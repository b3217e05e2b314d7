// Package frontend embeds the built web app (Vite output in dist/) into the
// binary. Before the first `npm run build`, dist/ holds only .gitkeep and the
// server shows a short "not built" page instead.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built files with dist/ as their root.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a constant that go:embed checked at build time
	}
	return sub
}
