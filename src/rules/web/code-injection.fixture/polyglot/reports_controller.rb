class ReportsController < ApplicationController
  def show
    # ruleid: code-injection
    klass = params[:type].constantize
    # ok: code-injection
    safe = %w[Daily Weekly].include?(params[:type]) ? params[:type] : 'Daily'
  end
end
