package evidence

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Format names the bundle's layout, written in its manifest.
const Format = "wageguard-evidence/1"

// The files inside a bundle.
const (
	FilePDF         = "statement.pdf"
	FileCSV         = "statement.csv"
	FileManifest    = "manifest.json"
	FileManifestSig = "manifest.sig"
)

// commentPrefix starts the ZIP comment that carries the archive's signature.
const commentPrefix = "wageguard-evidence-signature:ed25519:"

// Manifest lists a bundle's files with their SHA-256 sums, the audit
// chains' heads when it was made, and the key that signs it.
type Manifest struct {
	Format string `json:"format"`
	// EnrolmentID is the worker of a worker's bundle; a complaint's bundle
	// names its complaint and every worker it covers instead, each with a
	// statement of their own under a folder named by the enrolment.
	EnrolmentID  string     `json:"enrolment_id,omitempty"`
	ComplaintID  string     `json:"complaint_id,omitempty"`
	EnrolmentIDs []string   `json:"enrolment_ids,omitempty"`
	ProjectID    string     `json:"project_id"`
	From         string     `json:"from"`
	To           string     `json:"to"`
	GeneratedAt  time.Time  `json:"generated_at"`
	Files        []FileSum  `json:"files"`
	AuditHeads   []Head     `json:"audit_heads"`
	Key          SigningKey `json:"key"`
}

// FileSum is one file of the bundle.
type FileSum struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Bytes  int    `json:"bytes"`
}

// SigningKey names the key that signed a bundle.
type SigningKey struct {
	Algorithm string `json:"algorithm"`
	Version   int    `json:"version"`
	PublicKey string `json:"public_key"` // base64
}

// PublicKeyText is how a public key is printed and published: base64.
func PublicKeyText(k ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(k) }

// ParsePublicKey reads a key printed by PublicKeyText.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, ledger.Errorf(ledger.EInvalid, "a public key is 32 bytes in base64")
	}
	return ed25519.PublicKey(b), nil
}

// Build makes the bundle of a statement: the PDF (in font, a TrueType font
// with Chinese glyphs) and CSV, the manifest tied to heads and signed, and
// the archive signed in its comment.
func Build(st Statement, heads []Head, key ed25519.PrivateKey, keyVersion int, font []byte) ([]byte, error) {
	files, err := statementFiles(st, heads, font, "")
	if err != nil {
		return nil, err
	}
	m := Manifest{Format: Format, EnrolmentID: st.Worker.EnrolmentID, ProjectID: st.Project.ID, From: st.From.String(), To: st.To.String(),
		GeneratedAt: st.GeneratedAt.UTC(), AuditHeads: heads}
	return assemble(m, files, key, keyVersion)
}

// BuildComplaint makes the bundle of a complaint: one statement for every
// worker it covers (sts, each for the same project and span), each worker's
// PDF and CSV under a folder named by their enrolment, with one manifest
// naming the complaint and the workers, signed as Build signs. Every
// statement is of one moment, the manifest's: statements made at different
// times are refused.
func BuildComplaint(complaintID string, sts []Statement, heads []Head, key ed25519.PrivateKey, keyVersion int, font []byte) ([]byte, error) {
	if len(sts) == 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "a complaint's bundle covers at least one worker")
	}
	for _, st := range sts {
		if !st.GeneratedAt.Equal(sts[0].GeneratedAt) {
			return nil, fmt.Errorf("evidence: the statement of %s was made at %s, not the bundle's %s", st.Worker.EnrolmentID, st.GeneratedAt, sts[0].GeneratedAt)
		}
	}
	m := Manifest{Format: Format, ComplaintID: complaintID, ProjectID: sts[0].Project.ID, From: sts[0].From.String(), To: sts[0].To.String(),
		GeneratedAt: sts[0].GeneratedAt.UTC(), AuditHeads: heads}
	var files []file
	for _, st := range sts {
		fs, err := statementFiles(st, heads, font, st.Worker.EnrolmentID+"/")
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
		m.EnrolmentIDs = append(m.EnrolmentIDs, st.Worker.EnrolmentID)
	}
	return assemble(m, files, key, keyVersion)
}

// file is one file of a bundle.
type file struct {
	name string
	body []byte
}

// statementFiles renders a statement as PDF and CSV, named under dir.
func statementFiles(st Statement, heads []Head, font []byte, dir string) ([]file, error) {
	pdf, err := renderPDF(st, heads, font)
	if err != nil {
		return nil, err
	}
	csv, err := renderCSV(st)
	if err != nil {
		return nil, err
	}
	return []file{{dir + FilePDF, pdf}, {dir + FileCSV, csv}}, nil
}

// assemble sums the files into manifest m, signs it, writes the archive
// and signs that.
func assemble(m Manifest, files []file, key ed25519.PrivateKey, keyVersion int) ([]byte, error) {
	m.Key = SigningKey{Algorithm: "ed25519", Version: keyVersion, PublicKey: PublicKeyText(key.Public().(ed25519.PublicKey))}
	for _, f := range files {
		sum := sha256.Sum256(f.body)
		m.Files = append(m.Files, FileSum{Name: f.name, SHA256: hex.EncodeToString(sum[:]), Bytes: len(f.body)})
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	sig := []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(key, manifest)) + "\n")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range append(files, file{FileManifest, manifest}, file{FileManifestSig, sig}) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: m.GeneratedAt})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return signArchive(buf.Bytes(), key)
}

// signArchive signs a ZIP written without a comment (its last two bytes are
// the comment's length, zero) and writes the signature as its comment.
func signArchive(archive []byte, key ed25519.PrivateKey) ([]byte, error) {
	n := len(archive)
	if n < 22 || binary.LittleEndian.Uint32(archive[n-22:]) != 0x06054b50 || archive[n-2] != 0 || archive[n-1] != 0 {
		return nil, ledger.Errorf(ledger.EInvalid, "the archive does not end with an empty end-of-directory record")
	}
	comment := commentPrefix + base64.StdEncoding.EncodeToString(ed25519.Sign(key, archive))
	out := append(bytes.Clone(archive[:n-2]), 0, 0)
	binary.LittleEndian.PutUint16(out[n-2:], uint16(len(comment)))
	return append(out, comment...), nil
}

// Report is what Verify found in a bundle that verified.
type Report struct {
	Manifest  Manifest
	PublicKey string
	// Trusted is true when the bundle was checked against a public key the
	// caller gave (published by the service), false when only against the
	// key the bundle names, which proves it unaltered since signed but not
	// by whom.
	Trusted bool
}

// Verify checks a bundle with nothing but its bytes: the archive's signature
// over every byte before it, the manifest's signature, every file's SHA-256
// and size, and that the archive holds exactly the manifest's files. With
// trusted set, the key must be that one.
func Verify(b []byte, trusted ed25519.PublicKey) (*Report, error) {
	archive, sig, err := splitSignature(b)
	if err != nil {
		return nil, err
	}
	// With the published key, the archive is checked before anything of it
	// is decompressed.
	if trusted != nil && !ed25519.Verify(trusted, archive, sig) {
		return nil, ledger.Errorf(ledger.EInvalid, "the archive's signature does not verify with the key given: the file was altered, or signed with another key")
	}
	files, err := readFiles(b)
	if err != nil {
		return nil, err
	}
	manifest, ok := files[FileManifest]
	if !ok {
		return nil, ledger.Errorf(ledger.EInvalid, "the bundle has no manifest.json")
	}
	var m Manifest
	if err := json.Unmarshal(manifest, &m); err != nil || m.Format != Format {
		return nil, ledger.Errorf(ledger.EInvalid, "manifest.json is not a wageguard evidence manifest")
	}
	pub, err := ParsePublicKey(m.Key.PublicKey)
	if err != nil {
		return nil, err
	}
	if trusted != nil && !pub.Equal(trusted) {
		return nil, ledger.Errorf(ledger.EInvalid, "the bundle is signed with another key than the one given")
	}
	if !ed25519.Verify(pub, archive, sig) {
		return nil, ledger.Errorf(ledger.EInvalid, "the archive's signature does not verify: the file was altered")
	}
	msig, err := base64.StdEncoding.Strict().DecodeString(string(bytes.TrimSpace(files[FileManifestSig])))
	if err != nil || !ed25519.Verify(pub, manifest, msig) {
		return nil, ledger.Errorf(ledger.EInvalid, "manifest.sig does not verify manifest.json")
	}
	if err := checkFiles(m, files); err != nil {
		return nil, err
	}
	return &Report{Manifest: m, PublicKey: m.Key.PublicKey, Trusted: trusted != nil}, nil
}

// splitSignature finds the ZIP's end-of-directory record and its comment,
// which must be the signature and end the file; it returns the archive as
// it was signed (with an empty comment) and the signature.
func splitSignature(b []byte) ([]byte, []byte, error) {
	for at := len(b) - 22; at >= 0 && at >= len(b)-22-0xffff; at-- {
		if binary.LittleEndian.Uint32(b[at:]) != 0x06054b50 {
			continue
		}
		n := int(binary.LittleEndian.Uint16(b[at+20:]))
		if at+22+n != len(b) {
			continue
		}
		comment := string(b[at+22:])
		enc, ok := cutPrefix(comment, commentPrefix)
		sig, err := base64.StdEncoding.Strict().DecodeString(enc)
		if !ok || err != nil || len(sig) != ed25519.SignatureSize {
			return nil, nil, ledger.Errorf(ledger.EInvalid, "the archive carries no signature in its comment")
		}
		archive := append(bytes.Clone(b[:at+20]), 0, 0)
		return archive, sig, nil
	}
	return nil, nil, ledger.Errorf(ledger.EInvalid, "not a ZIP archive, or one whose end was altered")
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || s[:len(prefix)] != prefix {
		return "", false
	}
	return s[len(prefix):], true
}

func readFiles(b []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("evidence: the archive cannot be read: %w", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		if _, dup := files[f.Name]; dup {
			return nil, ledger.Errorf(ledger.EInvalid, "the archive holds %s twice", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("evidence: %s cannot be read: %w", f.Name, err)
		}
		body, err := io.ReadAll(io.LimitReader(rc, 256<<20))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("evidence: %s cannot be read: %w", f.Name, err)
		}
		files[f.Name] = body
	}
	return files, nil
}

func checkFiles(m Manifest, files map[string][]byte) error {
	want := map[string]bool{FileManifest: true, FileManifestSig: true}
	for _, f := range m.Files {
		want[f.Name] = true
		body, ok := files[f.Name]
		if !ok {
			return ledger.Errorf(ledger.EInvalid, "%s is in the manifest but not in the archive", f.Name)
		}
		sum := sha256.Sum256(body)
		if hex.EncodeToString(sum[:]) != f.SHA256 || len(body) != f.Bytes {
			return ledger.Errorf(ledger.EInvalid, "%s does not match its SHA-256 in the manifest", f.Name)
		}
	}
	var extra []string
	for name := range files {
		if !want[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		return ledger.Errorf(ledger.EInvalid, "the archive holds files the manifest does not list: %s", strings.Join(extra, ", "))
	}
	return nil
}
