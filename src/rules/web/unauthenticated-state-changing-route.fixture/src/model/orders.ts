// The data layer: plain functions that write.
export async function purchase(cart: object): Promise<object> {
  return { ...cart, id: 1 };
}
