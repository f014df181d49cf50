#!/bin/sh
# Rebuilds the LibreOffice-written workbooks of testdata/payroll and
# testdata/workers that test reading cells as stored, not as displayed
# (libreoffice-formats, libreoffice-third-decimal, libreoffice-roster-dates)
# and one with REG Art. 15's itemised pay (libreoffice-payroll-items):
# testdata/make/spreadsheets.go writes them with excelize, then LibreOffice
# Calc opens each and saves it again as its own XLSX.
# Needs LibreOffice: apt-get install -y libreoffice-calc
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./testdata/make/spreadsheets.go "$tmp"
mkdir "$tmp/out"
soffice --headless -env:UserInstallation="file://$tmp/profile" --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$tmp/out" \
	"$tmp/libreoffice-formats.xlsx" "$tmp/libreoffice-third-decimal.xlsx" "$tmp/libreoffice-roster-dates.xlsx" "$tmp/libreoffice-payroll-items.xlsx"
cp "$tmp/out/libreoffice-formats.xlsx" "$tmp/out/libreoffice-third-decimal.xlsx" "$tmp/out/libreoffice-payroll-items.xlsx" testdata/payroll/
cp "$tmp/out/libreoffice-roster-dates.xlsx" testdata/workers/
