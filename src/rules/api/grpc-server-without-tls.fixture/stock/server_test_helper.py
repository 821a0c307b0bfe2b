from concurrent import futures

import grpc

import pricing_pb2_grpc


def serve(servicer):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pricing_pb2_grpc.add_PricingServicer_to_server(servicer, server)
    # ruleid: grpc-server-without-tls
    server.add_insecure_port("[::]:50052")
    server.start()
    return server
