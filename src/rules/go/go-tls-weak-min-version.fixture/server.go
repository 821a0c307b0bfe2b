package server

import "crypto/tls"

func legacy() *tls.Config {
	return &tls.Config{
		// ruleid: go-tls-weak-min-version
		MinVersion: tls.VersionTLS10,
	}
}

func modern() *tls.Config {
	return &tls.Config{
		// ok: go-tls-weak-min-version
		MinVersion: tls.VersionTLS12,
	}
}
