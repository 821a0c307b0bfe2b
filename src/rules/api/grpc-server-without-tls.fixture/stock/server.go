package main

import (
	"log"
	"net"

	"google.golang.org/grpc"

	pb "example.com/stock/gen"
)

type stock struct{ pb.UnimplementedStockServer }

func main() {
	lis, err := net.Listen("tcp", ":50051")
	if err != nil {
		log.Fatal(err)
	}
	// ruleid: grpc-server-without-tls
	s := grpc.NewServer()
	pb.RegisterStockServer(s, &stock{})
	log.Fatal(s.Serve(lis))
}
