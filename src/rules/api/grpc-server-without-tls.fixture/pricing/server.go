package main

import (
	"crypto/tls"
	"log"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	pb "example.com/pricing/gen"
)

type pricing struct{ pb.UnimplementedQuotesServer }

func main() {
	cert, err := tls.LoadX509KeyPair("/etc/tls/tls.crt", "/etc/tls/tls.key")
	if err != nil {
		log.Fatal(err)
	}
	lis, _ := net.Listen("tcp", ":8443")
	// ok: grpc-server-without-tls
	s := grpc.NewServer(grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}})))
	// ok: grpc-server-without-tls
	pb.RegisterQuotesServer(s, &pricing{})
	log.Fatal(s.Serve(lis))
}
