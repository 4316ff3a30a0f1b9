package gatewaycmd

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/gatewire/gatewire/internal/service"
	"github.com/gatewire/gatewire/server/config"
)

// flagOverrides returns the overrides of the flags that were given.
func flagOverrides(cmd *cobra.Command, f flags) (config.Overrides, error) {
	var o config.Overrides
	changed := cmd.Flags().Changed
	if changed("port") {
		o.Port = &f.port
	}
	if changed("bind") {
		o.Bind = &f.bind
	}
	if changed("auth") {
		o.AuthMode = &f.auth
	}
	if changed("token") {
		o.Token = &f.token
	}
	if changed("password") {
		o.Password = &f.password
	}
	if f.verbose {
		debug := "debug"
		o.LogLevel = &debug
	}
	if f.dev || f.profile == string(service.DevProfile) {
		port := config.DefaultDevPort
		o.DefaultPort = &port
	}
	if err := o.Validate(); err != nil {
		return o, fmt.Errorf("flags: %w", err)
	}
	return o, nil
}

// configPath returns the config file path and whether it was given
// explicitly (--config, then GATEWIRE_CONFIG_PATH, then
// OPENCLAW_CONFIG_PATH); "" means the state directory's default file.
func configPath(flagValue string, getenv func(string) string) (path string, explicit bool) {
	path = flagValue
	if path == "" {
		_, path = config.FirstEnv(getenv, config.EnvConfigPath)
	}
	if path == "" {
		return "", false
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return path, true
}
