class OrdersController < ApplicationController
  def index
    # ruleid: sql-injection
    @orders = Order.where("status = '#{params[:status]}'")
    # ok: sql-injection
    @mine = Order.where(status: params[:status])
  end
end
