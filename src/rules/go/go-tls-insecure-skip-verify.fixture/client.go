package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
)

func NewInsecureClient() *http.Client {
	cfg := &tls.Config{
		// ruleid: go-tls-insecure-skip-verify
		InsecureSkipVerify: true,
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func NewClient(pool *x509.CertPool) *http.Client {
	cfg := &tls.Config{
		RootCAs: pool,
		// ok: go-tls-insecure-skip-verify
		InsecureSkipVerify: false,
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

type options struct {
	// Not a tls.Config: a field of the application's own options.
	InsecureSkipVerify bool
}

func defaults() options {
	// ok: go-tls-insecure-skip-verify
	return options{InsecureSkipVerify: true}
}
