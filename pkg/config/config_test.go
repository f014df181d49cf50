package config

import (
	"flag"
	"strings"
	"testing"
)

func TestDefaultsRunAsTheyAre(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !c.IsEmbedded() || c.SQLitePath() != "./wageguard.db" || c.KeyFile() != "wageguard.key" {
		t.Fatalf("defaults: %+v key %s", c, c.KeyFile())
	}
}

func TestEnvThenFlags(t *testing.T) {
	c := Default()
	c.FromEnv(func(k string) string {
		return map[string]string{"WAGEGUARD_ADDR": "0.0.0.0:9000", "WAGEGUARD_DATABASE_URL": "postgres://u@h/db"}[k]
	})
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:7000"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DatabaseURL != "postgres://u@h/db" || c.KeyFile() != "" {
		t.Fatalf("%+v", c)
	}
}

func TestValidateNamesEveryBadSetting(t *testing.T) {
	c := Config{DatabaseURL: "mysql://x", Addr: "nowhere", CheckSchedule: "every night", LogFormat: "xml", LogLevel: "loud"}
	err := c.Validate()
	for _, want := range []string{"database-url", "addr", "check-schedule", "log-format", "log-level"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
}
