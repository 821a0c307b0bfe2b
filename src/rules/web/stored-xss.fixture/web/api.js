export const getReview = (id) => fetch(`/api/reviews/${id}`).then((r) => r.json());
