import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('database/sql drivers, pgx, gorm dialects, redis options, mongo URIs, queues', () => {
  const { facts } = runExtractor(extractor, {
    'store.go': `package store
import (
	"database/sql"
	"os"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	amqp "github.com/rabbitmq/amqp091-go"
)
func open() {
	dsn := os.Getenv("DATABASE_URL")
	db, _ := sql.Open("postgres", dsn)
	pool, _ := pgxpool.New(ctx, os.Getenv("PG_URL"))
	rdb := redis.NewClient(&redis.Options{Addr: "redis-cart:6379"})
	client, _ := mongo.Connect(ctx, options.Client().ApplyURI("mongodb://user:pw@mongo:27017"))
	g, _ := gorm.Open(mysql.Open(os.Getenv("MYSQL_DSN")), &gorm.Config{})
	conn, _ := amqp.Dial("amqp://guest:guest@rabbitmq:5672/")
	_, _, _, _, _, _ = db, pool, rdb, client, g, conn
}
`,
  });
  assert.deepEqual(
    facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.tech} ${f.library} ${f.target ?? '-'}`),
    ['postgres database/sql env:DATABASE_URL', 'postgres pgx env:PG_URL', 'redis go-redis redis-cart:6379', 'mongodb mongo-go-driver mongodb://mongo:27017', 'mysql gorm env:MYSQL_DSN', 'rabbitmq amqp amqp://rabbitmq:5672'],
  );
});
