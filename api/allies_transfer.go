package api

import (
	"bytes"
	"errors"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/ally/sheet"
)

// importBodyLimit is the largest import upload; the server-wide body limit
// skips the import route, which applies this one.
const importBodyLimit = 10 << 20

type importErrorJSON struct {
	ally.RowError
	Message string `json:"message"`
}

type importReportJSON struct {
	DryRun  bool              `json:"dryRun"`
	Rows    int               `json:"rows"`
	Valid   int               `json:"valid"`
	Created int               `json:"created"`
	Errors  []importErrorJSON `json:"errors"`
}

// importAllies reads a multipart upload (field "file", .csv or .xlsx). A
// dry run and an import with row errors answer 200 with the report and
// write nothing; a clean import answers 201.
func (s *Server) importAllies(c echo.Context) error {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, importBodyLimit)
	if ct := req.Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, echo.MIMEMultipartForm) {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType)
	}
	dryRun := false
	if v := c.QueryParam("dryRun"); v != "" {
		switch v {
		case "true", "1":
			dryRun = true
		case "false", "0":
		default:
			return bondgenoten.Invalid("dryRun", bondgenoten.RuleBoolean, "")
		}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		return bondgenoten.Invalid("file", ally.RuleFile, "")
	}
	format, err := ally.ParseFormat(strings.TrimPrefix(strings.ToLower(path.Ext(fh.Filename)), "."))
	if err != nil {
		return bondgenoten.Invalid("file", sheet.RuleFormat, "")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := s.cfg.Allies.Import(req.Context(), currentNetworkID(c), format, f, dryRun)
	if err != nil {
		return err
	}
	lang := requestLanguage(c)
	out := importReportJSON{DryRun: dryRun, Rows: rep.Rows, Valid: rep.Valid, Created: rep.Created, Errors: make([]importErrorJSON, len(rep.Errors))}
	for i, e := range rep.Errors {
		out.Errors[i] = importErrorJSON{e, fieldMessage(lang, bondgenoten.FieldViolation{Rule: e.Rule, Param: e.Param})}
	}
	status := http.StatusOK
	if rep.Created > 0 {
		status = http.StatusCreated
	}
	return c.JSON(status, out)
}

var exportTypes = map[ally.Format]string{
	ally.FormatCSV:  "text/csv; charset=utf-8",
	ally.FormatXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportAllies answers the network's allies as a file; authorize recorded
// the export in the audit trail.
func (s *Server) exportAllies(c echo.Context) error {
	raw := c.QueryParam("format")
	if raw == "" {
		raw = string(ally.FormatXLSX)
	}
	format, err := ally.ParseFormat(raw)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.cfg.Allies.Export(c.Request().Context(), currentNetworkID(c), format, &buf); err != nil {
		return err
	}
	name := "bondgenoten-" + s.today().String() + "." + string(format)
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set(echo.HeaderCacheControl, "private, no-store")
	return c.Blob(http.StatusOK, exportTypes[format], buf.Bytes())
}
