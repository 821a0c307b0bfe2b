import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntrypointFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('servers with and without auth interceptors; clients with the address they dial', () => {
  const { facts } = runExtractor(extractor, {
    'main.go': `package main
import (
	"context"
	"os"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	pb "example.com/shop/genproto"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)
func authInterceptor(ctx context.Context, req interface{}, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	if len(md["authorization"]) == 0 {
		return nil, status.Error(codes.Unauthenticated, "missing token")
	}
	return handler(ctx, req)
}
type checkout struct{ paymentAddr string; paymentConn *grpc.ClientConn }
func main() {
	s := grpc.NewServer(grpc.UnaryInterceptor(authInterceptor))
	pb.RegisterCheckoutServiceServer(s, &checkout{})
	healthpb.RegisterHealthServer(s, nil)
	svc := &checkout{}
	mustMapEnv(&svc.paymentAddr, "PAYMENT_SERVICE_ADDR")
	mustConnGRPC(context.Background(), &svc.paymentConn, svc.paymentAddr)
	pay := pb.NewPaymentServiceClient(svc.paymentConn)
	conn, _ := grpc.Dial("shipping:50051", grpc.WithInsecure())
	ship := pb.NewShippingServiceClient(conn)
	other := pb.NewEmailServiceClient(unknownConn)
	_, _, _ = pay, ship, other
	_ = os.Getenv
}
`,
  });
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => `${e.protocol} ${e.path} ${e.auth}`);
  assert.deepEqual(eps, ['grpc /CheckoutService user']);
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((c) => `${c.protocol} ${c.target ?? '-'} ${c.service ?? '-'}`);
  assert.deepEqual(calls, ['grpc env:PAYMENT_SERVICE_ADDR -', 'grpc grpc://shipping:50051 -', 'grpc - EmailService']);
});
