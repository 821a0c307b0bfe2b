const { DataTypes } = require('sequelize');

module.exports = (sequelize) => {
  const Note = sequelize.define('Note', { UserId: DataTypes.INTEGER, text: DataTypes.STRING });
  const Tag = sequelize.define('Tag', { label: DataTypes.STRING });
  return { NoteModel: Note, TagModel: Tag };
};
