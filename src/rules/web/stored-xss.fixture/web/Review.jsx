import { useEffect, useState } from 'react';
import axios from 'axios';
import { getReview } from './api.js';

export function Review({ id, intro }) {
  const [review, setReview] = useState(null);
  const [comments, setComments] = useState([]);
  useEffect(() => {
    getReview(id).then(setReview);
    axios.get(`/api/reviews/${id}/comments`).then((res) => setComments(res.data));
  }, [id]);
  if (!review) return null;
  return (
    <article>
      {/* ruleid: stored-xss */}
      <div dangerouslySetInnerHTML={{ __html: review.body }} />
      {comments.map((c) => (
        <p key={c.id}>{c.text}</p>
      ))}
      {/* The component's own input is not server data here. */}
      {/* ok: stored-xss */}
      <div dangerouslySetInnerHTML={{ __html: intro }} />
    </article>
  );
}
