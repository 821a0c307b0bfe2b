const { MongoClient } = require('mongodb');

const db = new MongoClient(process.env.MONGO_URL).db('social');

class RelationService {
  getFollowers(userId) {
    return db.collection('follows').find({ followee: userId }).toArray();
  }

  getFollowing(userId) {
    return db.collection('follows').find({ follower: userId }).toArray();
  }
}

class InboxService {
  getMessages(userId) {
    return db.collection('messages').find({ recipient: userId }).toArray();
  }
}

module.exports = { RelationService, InboxService };
